import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponse, remoteActivation, remoteActivationConfirmPath, remoteActivationPath, routes } from '@dangky/core/protocol';
import { createRemoteSigningSimulator, type RemoteSigningSimulator } from '../src/remote-signing/simulator.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

let h: Harness;
let sim: RemoteSigningSimulator;
const tokens: Record<string, string> = {};
const ids: Record<'remote' | 'token' | 'otherSite', string> = { remote: '', token: '', otherSite: '' };

beforeAll(async () => {
  h = await harness({ remoteSigning: (db) => (sim = createRemoteSigningSimulator({ db, latencyMs: [0, 0] })) });
  for (const username of ['clerk.benthanh', 'clerk.hoisach']) {
    const res = await h.app.inject({ method: 'POST', url: routes.login, payload: { username, password: 'dangky-demo-2026' } });
    tokens[username] = loginResponse.parse(res.json()).token;
  }
  const a = deviceEvents('kiosk-hcm-ben-thanh-1');
  const b = deviceEvents('kiosk-hcm-book-fair-1');
  const remote = a.submitted({
    siteId: 'hcm-ben-thanh',
    ticket: 'A-001',
    day: '2026-11-22',
    at: '2026-11-22T02:00:00.000Z',
    channel: 'remote',
    providerId: 'vnpt',
  });
  const token = a.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-002', day: '2026-11-22', at: '2026-11-22T02:01:00.000Z' });
  const other = b.submitted({
    siteId: 'hcm-book-fair',
    ticket: 'B-001',
    day: '2026-11-22',
    at: '2026-11-22T02:02:00.000Z',
    channel: 'remote',
    providerId: 'misa',
  });
  ids.remote = remote.payload.registrationId;
  ids.token = token.payload.registrationId;
  ids.otherSite = other.payload.registrationId;
  const push = (deviceId: string, events: unknown[]) =>
    h.app.inject({ method: 'POST', url: routes.push, headers: { authorization: h.device(deviceId).auth }, payload: { deviceId, events } });
  await push('kiosk-hcm-ben-thanh-1', [remote, token]);
  await push('kiosk-hcm-book-fair-1', [other]);
});
afterAll(() => h.close());

const post = (url: string, payload: unknown, who = 'clerk.benthanh') =>
  h.app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });
const get = (url: string, who = 'clerk.benthanh') =>
  h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });

describe(`remote signing through the server on ${dbKind}`, () => {
  it('registers a remote registration with the provider from the data the server holds, and follows it to confirmed', async () => {
    const res = await post(routes.remoteActivations, { registrationId: ids.remote });
    expect(res.statusCode).toBe(200);
    const activation = remoteActivation.parse(res.json());
    expect(activation).toMatchObject({
      providerId: 'vnpt',
      appName: 'VNPT SmartCA',
      status: 'pending',
      simulated: true,
      registrationId: ids.remote,
    });
    // The counter sends only the id: nothing personal goes back in the answer either.
    expect(JSON.stringify(activation)).not.toContain('079190012345');
    const confirmed = await post(remoteActivationConfirmPath(activation.activationId), {});
    expect(remoteActivation.parse(confirmed.json()).status).toBe('confirmed');
    expect(remoteActivation.parse((await get(remoteActivationPath(activation.activationId))).json()).status).toBe('confirmed');
    // Registering again now is a duplicate at the provider.
    const again = await post(routes.remoteActivations, { registrationId: ids.remote });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'DK_ERR_REMOTE_ALREADY_REGISTERED']);
  });

  it('refuses a token registration, another site, an unknown registration and no sign-in', async () => {
    const token = await post(routes.remoteActivations, { registrationId: ids.token });
    expect([token.statusCode, token.json().error.code]).toEqual([409, 'DK_ERR_REMOTE_NOT_REMOTE_CHANNEL']);
    const other = await post(routes.remoteActivations, { registrationId: ids.otherSite });
    expect(other.json().error.code).toBe('DK_ERR_WRONG_SITE');
    const unknown = await post(routes.remoteActivations, { registrationId: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b' });
    expect(unknown.json().error.code).toBe('DK_ERR_UNKNOWN_REGISTRATION');
    const anonymous = await h.app.inject({ method: 'POST', url: routes.remoteActivations, payload: { registrationId: ids.remote } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 503 DK_ERR_REMOTE_UNAVAILABLE while the provider is down', async () => {
    sim.setReachable(false);
    try {
      const res = await post(routes.remoteActivations, { registrationId: ids.otherSite }, 'clerk.hoisach');
      expect([res.statusCode, res.json().error.code]).toEqual([503, 'DK_ERR_REMOTE_UNAVAILABLE']);
    } finally {
      sim.setReachable(true);
    }
    const res = await post(routes.remoteActivations, { registrationId: ids.otherSite }, 'clerk.hoisach');
    expect(remoteActivation.parse(res.json())).toMatchObject({ providerId: 'misa', appName: 'MISA eSign' });
  });
});
