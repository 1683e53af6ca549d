import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteSigningSimulator, type RemoteSigningSimulatorOptions } from '../src/remote-signing/simulator.ts';
import type { Db } from '../src/db/db.ts';
import { dbKind, freshDb } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(() => db.close());

let n = 0;
/** A citizen no other test has registered (the provider's records are shared by the whole file). */
const citizen = () => ({
  providerId: 'vnpt',
  providerProduct: 'VNPT SmartCA',
  registrationId: `0190a1b2-c3d4-7e5f-8a6b-${String(++n).padStart(12, '0')}`,
  fullName: 'Lê Thị Hồng',
  idNumber: `0791900${String(n).padStart(5, '0')}`,
  phone: '0912345678',
  email: null,
});

const simulator = (options: Omit<RemoteSigningSimulatorOptions, 'db'> = {}) =>
  createRemoteSigningSimulator({ db, latencyMs: [0, 0], ...options });

function clock(start = Date.parse('2026-11-22T03:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe(`remote-signing simulator on ${dbKind}`, () => {
  it('register → pending activation with a 6-digit code and a QR link → confirmed on the phone', async () => {
    const sim = simulator();
    const who = citizen();
    const a = await sim.register(who);
    expect(a).toMatchObject({ status: 'pending', appName: 'VNPT SmartCA', confirmedAt: null, registrationId: who.registrationId });
    expect(a.code).toMatch(/^\d{6}$/);
    expect(a.qrPayload).toContain(a.code);
    expect((await sim.status(a.activationId)).status).toBe('pending');
    await sim.simulator.confirm(a.activationId);
    expect(await sim.status(a.activationId)).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
  });

  it('gives the same pending activation when asked again, and refuses a second account once confirmed (duplicate registration)', async () => {
    const sim = simulator();
    const who = citizen();
    const a = await sim.register(who);
    expect((await sim.register(who)).activationId).toBe(a.activationId);
    await sim.simulator.confirm(a.activationId);
    await expect(sim.register(who)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ALREADY_REGISTERED' });
    // Another provider is another account.
    await expect(sim.register({ ...who, providerId: 'viettel' })).resolves.toMatchObject({ status: 'pending' });
  });

  it('expires an activation nobody confirmed in time; a new registration then gets a new code', async () => {
    const c = clock();
    const sim = simulator({ activationTtlMs: 60_000, now: c.now });
    const who = citizen();
    const a = await sim.register(who);
    c.advance(60_000);
    expect((await sim.status(a.activationId)).status).toBe('expired');
    await expect(sim.simulator.confirm(a.activationId)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ACTIVATION_EXPIRED' });
    const b = await sim.register(who);
    expect(b.activationId).not.toBe(a.activationId);
    expect(b.status).toBe('pending');
  });

  it('is one provider for every replica: what one server started, another reads and confirms, and a citizen asked for at once through two gets one activation', async () => {
    const [one, two] = [simulator(), simulator()];
    const who = citizen();
    const [a, b] = await Promise.all([one.register(who), two.register(who)]);
    expect(b.activationId).toBe(a.activationId);
    expect(await two.status(a.activationId)).toMatchObject({ status: 'pending', code: a.code });
    await two.simulator.confirm(a.activationId);
    expect((await one.status(a.activationId)).status).toBe('confirmed');
    await expect(one.register(who)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ALREADY_REGISTERED' });
    // The provider's records hold no ID number.
    const rows = await db.query<{ row: string }>('SELECT t::text AS row FROM remote_signing_simulator_activations t');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.row.includes(who.idNumber))).toEqual([]);
  });

  it('fails as unreachable while the provider is down, and takes a provider-like while per call', async () => {
    const sim = simulator({ latencyMs: [40, 60] });
    sim.setReachable(false);
    const started = performance.now();
    await expect(sim.register(citizen())).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_UNAVAILABLE' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    sim.setReachable(true);
    await expect(sim.register(citizen())).resolves.toMatchObject({ status: 'pending' });
    await expect(sim.status('00000000-unknown')).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ACTIVATION_UNKNOWN' });
    await expect(sim.status('0190a1b2-c3d4-7e5f-8a6b-ffffffffffff')).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ACTIVATION_UNKNOWN' });
    const flaky = simulator({ failureRate: 1 });
    await expect(flaky.register(citizen())).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_UNAVAILABLE' });
  });
});
