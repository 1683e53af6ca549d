import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type RegistrationState } from '@dangky/core/events';
import { routes } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * PIN unblock and revocation are audited events the server checks with core's token lifecycle
 * (through the registration fold), so it refuses what the statechart refuses — and with the
 * token-care gate: the holder identified at the counter now, or an authority's written request.
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
  // The holder identified at the counter (papers): token care's gate.
  payload: { registrationId, operatorId: 'clerk.benthanh', tokenSerial: 'TK-000123', identityCheck: 'documents-checked', ...payload },
});
let seq = 0;
const next = (e: ReturnType<typeof change>) => ({ ...e, seq: ++seq });

beforeAll(async () => {
  h = await harness();
  const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: '2026-11-22', at: '2026-11-22T02:00:00.000Z' });
  registrationId = submitted.payload.registrationId;
  await push('kiosk-hcm-ben-thanh-1', [submitted]);
  const issued = [
    counter.called(registrationId, 'clerk.benthanh', '2026-11-22T02:10:00.000Z'),
    counter.issued(registrationId, 'clerk.benthanh', '2026-11-22T02:20:00.000Z'),
  ];
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
    expect(results.map((r) => r.code ?? r.status)).toEqual([
      'accepted',
      'accepted',
      'DK_ERR_TOKEN_TRANSITION_ILLEGAL',
      'DK_ERR_EVENT_INVALID',
    ]);
    const [row] = await h.db.query<{ state: unknown; status: string }>('SELECT state, status FROM registrations WHERE id = $1', [
      registrationId,
    ]);
    const state = await h.open<RegistrationState>(registrationId, row!.state);
    expect([row!.status, state.tokenLifecycle]).toEqual(['completed', { state: 'revoked', reason: 'lost' }]);
    const audited = await h.db.query<{ type: string }>(
      "SELECT type FROM events WHERE registration_id = $1 AND type LIKE 'token.%' ORDER BY seq",
      [registrationId],
    );
    expect(audited.map((e) => e.type)).toEqual(['token.issued', 'token.pin-unblocked', 'token.revoked']);
  });

  it('refuses a change for a token that was not issued on this registration', async () => {
    const res = await push('counter-hcm-ben-thanh-1', [next(change('token.revoked', { reason: 'lost', tokenSerial: 'TK-999999' }))]);
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });
});

describe(`the certificate recorded with token.issued on ${dbKind}`, () => {
  it('accepts it, sends it to the counters with the token lifecycle, and refuses revoking another certificate', async () => {
    const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-002', day: '2026-11-22', at: '2026-11-22T02:30:00.000Z' });
    const id = submitted.payload.registrationId;
    await push('kiosk-hcm-ben-thanh-1', [submitted]);
    const issued = { ...counter.issued(id, 'clerk.benthanh', '2026-11-22T02:40:00.000Z', 'TK-000456'), seq: ++seq };
    const certificate = { serial: '7b2e1d9a', notAfter: '2027-11-22T02:40:00.000Z', providerId: 'vnpt' };
    const res = await push('counter-hcm-ben-thanh-1', [
      { ...counter.called(id, 'clerk.benthanh', '2026-11-22T02:35:00.000Z'), seq: ++seq },
      { ...issued, payload: { ...issued.payload, certificate } },
    ]);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);

    const revoke = (certificateSerial: string) => ({
      ...change('token.revoked', { registrationId: id, tokenSerial: 'TK-000456', reason: 'lost', certificateSerial }),
      seq: ++seq,
    });
    const changes = await push('counter-hcm-ben-thanh-1', [revoke('5a1f0c'), revoke('7B2E1D9A')]);
    expect(changes.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'DK_ERR_ILLEGAL_TRANSITION',
      'accepted',
    ]);

    const pulled = await h.app.inject({
      method: 'GET',
      url: routes.pull,
      headers: await h.pullHeaders('counter-hcm-ben-thanh-1'),
    });
    const view = (pulled.json().registrations as { registrationId: string }[]).find((r) => r.registrationId === id);
    expect(view).toMatchObject({
      status: 'completed',
      tokenSerial: 'TK-000456',
      issuedCertificate: certificate,
      tokenLifecycle: { state: 'revoked', reason: 'lost' },
    });
  });

  it('refuses a certificate from another provider than the registration chose', async () => {
    const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-003', day: '2026-11-22', at: '2026-11-22T03:00:00.000Z' });
    const id = submitted.payload.registrationId;
    await push('kiosk-hcm-ben-thanh-1', [submitted]);
    const issued = { ...counter.issued(id, 'clerk.benthanh', '2026-11-22T03:10:00.000Z'), seq: ++seq };
    const res = await push('counter-hcm-ben-thanh-1', [
      { ...counter.called(id, 'clerk.benthanh', '2026-11-22T03:05:00.000Z'), seq: ++seq },
      {
        ...issued,
        payload: { ...issued.payload, certificate: { serial: '7b2e1d9b', notAfter: '2027-11-22T03:10:00.000Z', providerId: 'viettel' } },
      },
    ]);
    expect(res.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'accepted',
      'DK_ERR_ILLEGAL_TRANSITION',
    ]);
  });
});

describe(`token care needs the holder on ${dbKind}`, () => {
  const issuedFor = async (ticket: string) => {
    const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket, day: '2026-11-23', at: '2026-11-23T02:00:00.000Z' });
    const id = submitted.payload.registrationId;
    await push('kiosk-hcm-ben-thanh-1', [submitted]);
    const res = await push('counter-hcm-ben-thanh-1', [
      { ...counter.called(id, 'clerk.benthanh', '2026-11-23T02:05:00.000Z'), seq: ++seq },
      { ...counter.issued(id, 'clerk.benthanh', '2026-11-23T02:10:00.000Z', 'TK-000900'), seq: ++seq },
    ]);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    return id;
  };
  const care = (id: string, type: 'token.pin-unblocked' | 'token.revoked', payload: Record<string, unknown>) => {
    const { identityCheck: _dropped, ...rest } = change(type, { registrationId: id, tokenSerial: 'TK-000900', ...payload }).payload;
    return {
      ...change(type, {}),
      seq: ++seq,
      payload: { ...rest, ...('identityCheck' in payload ? { identityCheck: payload.identityCheck } : {}) },
    };
  };
  const chipRead = (id: string, fullName: 'match' | 'mismatch', verdict: 'verified' | 'not-verified' = 'verified') => ({
    ...change('token.pin-unblocked', {}),
    type: 'identity.chip-read',
    seq: ++seq,
    payload: {
      registrationId: id,
      operatorId: 'clerk.benthanh',
      verdict,
      fields: { idNumber: 'match', fullName, birthDate: 'match', sex: 'match' },
      cardExpiry: 'valid',
      purpose: 'token-care',
    },
  });
  const codes = async (events: unknown[]) =>
    ((await push('counter-hcm-ben-thanh-1', events)).json().results as { status: string; code?: string }[]).map((r) => r.code ?? r.status);

  it('refuses an unblock with no one identified, or with someone else’s verified chip; accepts it after the holder’s chip agrees', async () => {
    const id = await issuedFor('A-101');
    expect(await codes([care(id, 'token.pin-unblocked', { reason: 'pin-blocked' })])).toEqual(['DK_ERR_CARE_HOLDER_UNCONFIRMED']);
    expect(
      await codes([
        chipRead(id, 'mismatch'),
        care(id, 'token.pin-unblocked', { reason: 'pin-blocked', identityCheck: 'documents-checked' }),
      ]),
    ).toEqual(['accepted', 'DK_ERR_IDENTITY_CHIP_MISMATCH']);
    expect(
      await codes([chipRead(id, 'match'), care(id, 'token.pin-unblocked', { reason: 'pin-blocked', identityCheck: 'chip-matched' })]),
    ).toEqual(['accepted', 'accepted']);
    // The read was spent by that unblock: the next change needs the holder again.
    expect(await codes([care(id, 'token.pin-unblocked', { reason: 'pin-forgotten', identityCheck: 'chip-matched' })])).toEqual([
      'DK_ERR_IDENTITY_CHECK_UNSUPPORTED',
    ]);
  });

  it('an unverified chip that disagrees: no care on papers until a site manager approved that read with their own sign-in', async () => {
    const id = await issuedFor('A-103');
    const read = chipRead(id, 'mismatch', 'not-verified');
    expect(await codes([read, care(id, 'token.pin-unblocked', { reason: 'pin-blocked', identityCheck: 'documents-checked' })])).toEqual([
      'accepted',
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
    ]);
    const login = await h.app.inject({
      method: 'POST',
      url: routes.login,
      payload: { username: 'manager.benthanh', password: 'dangky-demo-2026' },
    });
    const reason = 'Chip thẻ cũ không xác thực được; đã đối chiếu với công an phường';
    const made = await h.app.inject({
      method: 'POST',
      url: routes.identityApprovals,
      headers: { authorization: `Bearer ${login.json().token}` },
      payload: { registrationId: id, chipReadId: read.id, reason },
    });
    expect(made.statusCode).toBe(200);
    const approved = {
      ...change('token.pin-unblocked', {}),
      type: 'identity.mismatch-approved',
      seq: ++seq,
      payload: { registrationId: id, operatorId: 'manager.benthanh', approvalId: made.json().approvalId, chipReadId: read.id, reason },
    };
    expect(await codes([approved, care(id, 'token.pin-unblocked', { reason: 'pin-blocked', identityCheck: 'documents-checked' })])).toEqual(
      ['accepted', 'accepted'],
    );
  });

  it('revokes at an authority’s written request without the holder, recording who asked and their reference', async () => {
    const id = await issuedFor('A-102');
    const requestedBy = { kind: 'authority', authority: 'Công an phường Bến Thành', documentRef: '123/CV-CAP ngày 20/11/2026' };
    expect(await codes([care(id, 'token.revoked', { reason: 'key-compromise', requestedBy })])).toEqual(['accepted']);
    const [stored] = await h.db.query<{ payload: unknown }>(
      "SELECT payload FROM events WHERE registration_id = $1 AND type = 'token.revoked'",
      [id],
    );
    const payload = await h.open<{ requestedBy: unknown }>(id, stored!.payload);
    expect(payload.requestedBy).toEqual(requestedBy);
  });
});
