import { describe, expect, it } from 'vitest';
import { createRemoteSigningSimulator } from './simulator.ts';

const citizen = {
  providerId: 'vnpt',
  providerProduct: 'VNPT SmartCA',
  registrationId: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  fullName: 'Lê Thị Hồng',
  idNumber: '079190012345',
  phone: '0912345678',
  email: null,
};

function clock(start = Date.parse('2026-11-22T03:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('remote-signing simulator', () => {
  it('register → pending activation with a 6-digit code and a QR link → confirmed on the phone', async () => {
    const sim = createRemoteSigningSimulator({ latencyMs: [0, 0] });
    const a = await sim.register(citizen);
    expect(a).toMatchObject({ status: 'pending', appName: 'VNPT SmartCA', confirmedAt: null, registrationId: citizen.registrationId });
    expect(a.code).toMatch(/^\d{6}$/);
    expect(a.qrPayload).toContain(a.code);
    expect((await sim.status(a.activationId)).status).toBe('pending');
    await sim.simulator.confirm(a.activationId);
    expect(await sim.status(a.activationId)).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
  });

  it('gives the same pending activation when asked again, and refuses a second account once confirmed (duplicate registration)', async () => {
    const sim = createRemoteSigningSimulator({ latencyMs: [0, 0] });
    const a = await sim.register(citizen);
    expect((await sim.register(citizen)).activationId).toBe(a.activationId);
    await sim.simulator.confirm(a.activationId);
    await expect(sim.register(citizen)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ALREADY_REGISTERED' });
    // Another provider is another account.
    await expect(sim.register({ ...citizen, providerId: 'viettel' })).resolves.toMatchObject({ status: 'pending' });
  });

  it('expires an activation nobody confirmed in time; a new registration then gets a new code', async () => {
    const c = clock();
    const sim = createRemoteSigningSimulator({ latencyMs: [0, 0], activationTtlMs: 60_000, now: c.now });
    const a = await sim.register(citizen);
    c.advance(60_000);
    expect((await sim.status(a.activationId)).status).toBe('expired');
    await expect(sim.simulator.confirm(a.activationId)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ACTIVATION_EXPIRED' });
    const b = await sim.register(citizen);
    expect(b.activationId).not.toBe(a.activationId);
    expect(b.status).toBe('pending');
  });

  it('fails as unreachable while the provider is down, and takes a provider-like while per call', async () => {
    const sim = createRemoteSigningSimulator({ latencyMs: [40, 60] });
    sim.setReachable(false);
    const started = performance.now();
    await expect(sim.register(citizen)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_UNAVAILABLE' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    sim.setReachable(true);
    await expect(sim.register(citizen)).resolves.toMatchObject({ status: 'pending' });
    await expect(sim.status('00000000-unknown')).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_ACTIVATION_UNKNOWN' });
    const flaky = createRemoteSigningSimulator({ latencyMs: [0, 0], failureRate: 1 });
    await expect(flaky.register(citizen)).rejects.toMatchObject({ code: 'DK_ERR_REMOTE_UNAVAILABLE' });
  });
});
