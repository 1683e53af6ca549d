import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { routes } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Issue 5: PIN unblock and revocation are audited events the server checks with core's token
 * lifecycle (through the registration fold), so it refuses what the statechart refuses.
 */
let h: Harness;
const kiosk = deviceEvents('kiosk-hcm-ben-thanh-1');
const counter = deviceEvents('counter-hcm-ben-thanh-1');
let registrationId = '';

const push = (deviceId: string, events: unknown[]) =>
  h.app.inject({ method: 'POST', url: routes.push, headers: { authorization: h.device(deviceId).auth }, payload: { deviceId, events } });
const change = (type: 'token.pin-unblocked' | 'token.revoked', payload: Record<string, unknown>) => ({
  v: 1,
  id: uuidv7(),
  deviceId: 'counter-hcm-ben-thanh-1',
  seq: 0,
  occurredAt: '2026-11-22T04:00:00.000Z',
  type,
  payload: { registrationId, operatorId: 'clerk.benthanh', tokenSerial: 'TK-000123', ...payload },
});
let seq = 0;
const next = (e: ReturnType<typeof change>) => ({ ...e, seq: ++seq });

beforeAll(async () => {
  h = await harness();
  const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: '2026-11-22', at: '2026-11-22T02:00:00.000Z' });
  registrationId = submitted.payload.registrationId;
  await push('kiosk-hcm-ben-thanh-1', [submitted]);
  const issued = [counter.called(registrationId, 'clerk.benthanh', '2026-11-22T02:10:00.000Z'), counter.issued(registrationId, 'clerk.benthanh', '2026-11-22T02:20:00.000Z')];
  const res = await push('counter-hcm-ben-thanh-1', issued);
  expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
  seq = counter.seq;
});
afterAll(() => h.close());

describe(`token unblock and revocation on ${dbKind}`, () => {
  it('accepts an unblock and a revocation with reasons, then refuses an unblock of the revoked token', async () => {
    const res = await push('counter-hcm-ben-thanh-1', [
      next(change('token.pin-unblocked', { reason: 'pin-blocked' })),
      next(change('token.revoked', { reason: 'lost', certificateSerial: '5a1f0c' })),
      next(change('token.pin-unblocked', { reason: 'pin-forgotten' })),
      next(change('token.revoked', { reason: 'because' })),
    ]);
    const results = res.json().results as { status: string; code?: string }[];
    expect(results.map((r) => r.code ?? r.status)).toEqual(['accepted', 'accepted', 'DK_ERR_TOKEN_TRANSITION_ILLEGAL', 'DK_ERR_EVENT_INVALID']);
    const [row] = await h.db.query<{ state: unknown; status: string }>('SELECT state, status FROM registrations WHERE id = $1', [registrationId]);
    const state = typeof row!.state === 'string' ? JSON.parse(row!.state) : row!.state;
    expect([row!.status, state.tokenLifecycle]).toEqual(['completed', { state: 'revoked', reason: 'lost' }]);
    const audited = await h.db.query<{ type: string }>("SELECT type FROM events WHERE registration_id = $1 AND type LIKE 'token.%' ORDER BY seq", [registrationId]);
    expect(audited.map((e) => e.type)).toEqual(['token.issued', 'token.pin-unblocked', 'token.revoked']);
  });

  it('refuses a change for a token that was not issued on this registration', async () => {
    const res = await push('counter-hcm-ben-thanh-1', [next(change('token.revoked', { reason: 'lost', tokenSerial: 'TK-999999' }))]);
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });
});
