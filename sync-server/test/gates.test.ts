import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationState } from '@dangky/core/events';
import { loginResponse, routes, identityApproval, identityApprovalsResponse, pendingApprovalsResponse } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents, nextIdNumber } from './events.ts';
import { readProviders, saveProvider } from '../src/admin/providers.ts';
import { operator } from '../src/admin/actor.ts';

/**
 * The gates that protect citizens, enforced on push (core/src/gates decides): a refused event is
 * answered with its own code, never stored, and never blocks the events behind it.
 */
let h: Harness;
let managerToken = '';
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const kiosk = deviceEvents(KIOSK);
const counter = deviceEvents(COUNTER);
let ticket = 0;

const push = async (deviceId: string, events: unknown[]) =>
  (
    (
      await h.app.inject({
        method: 'POST',
        url: routes.push,
        headers: { authorization: h.device(deviceId).auth },
        payload: { deviceId, events },
      })
    ).json().results as { status: string; code?: string }[]
  ).map((r) => r.code ?? r.status);

/** A registration submitted and called; the id. */
async function calledRegistration(
  opts: {
    idNumber?: string;
    birthDate?: string;
    expiryDate?: string;
    eid?: boolean;
    channel?: 'remote' | 'token';
    providerId?: string;
  } = {},
) {
  const submitted = kiosk.submitted({
    siteId: 'hcm-ben-thanh',
    ticket: `A-${String(++ticket).padStart(3, '0')}`,
    day: '2026-11-22',
    at: '2026-11-22T02:00:00.000Z',
    ...opts,
  });
  const id = submitted.payload.registrationId;
  expect(await push(KIOSK, [submitted])).toEqual(['accepted']);
  expect(await push(COUNTER, [counter.called(id, 'clerk.benthanh', '2026-11-22T02:05:00.000Z')])).toEqual(['accepted']);
  return id;
}
const by = (registrationId: string) => ({ registrationId, operatorId: 'clerk.benthanh' });
const issued = (id: string, extra: Record<string, unknown> = {}, at = '2026-11-22T02:10:00.000Z') =>
  counter.event('token.issued', { ...by(id), tokenSerial: 'TK-000555', identityCheck: 'documents-checked', ...extra } as never, at);
const chipRead = (id: string, verdict: string, fullName: 'match' | 'mismatch') =>
  counter.event(
    'identity.chip-read',
    {
      ...by(id),
      verdict,
      fields: { idNumber: 'match', fullName, birthDate: 'match', sex: 'match' },
      cardExpiry: 'valid',
      purpose: 'issuance',
    } as never,
    '2026-11-22T02:06:00.000Z',
  );
const stored = async (id: string, type: string) =>
  Number(
    (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE registration_id = $1 AND type = $2', [id, type]))[0]!.n,
  );

beforeAll(async () => {
  h = await harness();
  const res = await h.app.inject({
    method: 'POST',
    url: routes.login,
    payload: { username: 'manager.benthanh', password: 'dangky-demo-2026' },
  });
  managerToken = loginResponse.parse(res.json()).token;
});
afterAll(() => h.close());

describe(`one free certificate per citizen on ${dbKind}`, () => {
  it('refuses a second free token.issued for one citizen with its code, stores nothing of it, and accepts the re-issue after a revocation', async () => {
    const citizen = nextIdNumber();
    const first = await calledRegistration({ idNumber: citizen });
    expect(await push(COUNTER, [issued(first, { tokenSerial: 'TK-000601' })])).toEqual(['accepted']);

    const second = await calledRegistration({ idNumber: citizen, channel: 'remote' });
    const other = await calledRegistration();
    // The refusal does not block the event behind it.
    expect(
      await push(COUNTER, [
        counter.event('remote.activated', { ...by(second), identityCheck: 'documents-checked' } as never, '2026-11-22T02:30:00.000Z'),
        issued(other, { tokenSerial: 'TK-000602' }),
      ]),
    ).toEqual(['DK_ERR_CERTIFICATE_ALREADY_HELD', 'accepted']);
    expect(await stored(second, 'remote.activated')).toBe(0);

    // Lost token: revoke (the holder's papers checked), then the re-issue goes through.
    expect(
      await push(COUNTER, [
        counter.event(
          'token.revoked',
          {
            ...by(first),
            tokenSerial: 'TK-000601',
            reason: 'lost',
            identityCheck: 'documents-checked',
            requestedBy: { kind: 'holder' },
          } as never,
          '2026-11-22T02:40:00.000Z',
        ),
        counter.event('remote.activated', { ...by(second), identityCheck: 'documents-checked' } as never, '2026-11-22T02:41:00.000Z'),
      ]),
    ).toEqual(['accepted', 'accepted']);
  });

  it('counts an earlier issuance of the same batch', async () => {
    const citizen = nextIdNumber();
    const a = await calledRegistration({ idNumber: citizen });
    const b = await calledRegistration({ idNumber: citizen });
    expect(await push(COUNTER, [issued(a, { tokenSerial: 'TK-000611' }), issued(b, { tokenSerial: 'TK-000612' })])).toEqual([
      'accepted',
      'DK_ERR_CERTIFICATE_ALREADY_HELD',
    ]);
  });
});

describe(`the key type the provider's CA certifies on ${dbKind}`, () => {
  it('refuses a token.issued whose key type the catalogue does not list for tokens, and accepts one it lists', async () => {
    // The demo catalogue: Viettel certifies RSA-2048 on tokens only; VNPT RSA-2048 and P-256.
    const viettel = await calledRegistration({ providerId: 'viettel' });
    const vnpt = await calledRegistration();
    expect(
      await push(COUNTER, [
        issued(viettel, { tokenSerial: 'TK-000701', keyType: 'p256' }),
        issued(vnpt, { tokenSerial: 'TK-000702', keyType: 'p256' }),
      ]),
    ).toEqual(['DK_ERR_KEY_TYPE_NOT_CERTIFIED', 'accepted']);
    expect(await stored(viettel, 'token.issued')).toBe(0);
    expect(await push(COUNTER, [issued(viettel, { tokenSerial: 'TK-000703', keyType: 'rsa2048' }, '2026-11-22T02:12:00.000Z')])).toEqual([
      'accepted',
    ]);
  });
});

describe(`eligibility and the card on ${dbKind}`, () => {
  it('refuses an under-age registration’s token.issued, and an e-ID hand-off for a 10-year-old', async () => {
    const child = await calledRegistration({ birthDate: '2010-01-10' });
    expect(await push(COUNTER, [issued(child)])).toEqual(['DK_ERR_ELIGIBILITY_SIGNATURE_AGE']);
    const young = await calledRegistration({ birthDate: '2016-05-01', eid: true });
    expect(
      await push(COUNTER, [
        counter.event('eid.level2.recorded', { ...by(young), outcome: 'handed-to-officer' } as never, '2026-11-22T02:10:00.000Z'),
      ]),
    ).toEqual(['DK_ERR_ELIGIBILITY_EID_GUARDIAN']);
  });

  it('decides the age on the Ho Chi Minh day of the issuance', async () => {
    // 18 on 22 Nov 2026 in Vietnam, which begins at 17:00 UTC on the 21st.
    const turning = await calledRegistration({ birthDate: '2008-11-22' });
    expect(await push(COUNTER, [issued(turning, {}, '2026-11-21T16:59:00.000Z')])).toEqual(['DK_ERR_ELIGIBILITY_SIGNATURE_AGE']);
    expect(await push(COUNTER, [issued(turning, {}, '2026-11-21T17:00:00.000Z')])).toEqual(['accepted']);
  });

  it('refuses issuance on an expired card', async () => {
    const expired = await calledRegistration({ expiryDate: '2026-11-21' });
    expect(await push(COUNTER, [issued(expired)])).toEqual(['DK_ERR_ISSUANCE_CARD_EXPIRED']);
  });
});

describe(`the identity gate on ${dbKind}`, () => {
  it('refuses a signature with no identity check, or a chip claim no chip read backs', async () => {
    const id = await calledRegistration();
    expect(await push(COUNTER, [issued(id, { identityCheck: undefined })])).toEqual(['DK_ERR_TOKEN_IDENTITY_UNCONFIRMED']);
    expect(await push(COUNTER, [issued(id, { identityCheck: 'chip-matched' })])).toEqual(['DK_ERR_IDENTITY_CHECK_UNSUPPORTED']);
  });

  it('mismatched verified chip → blocked, papers refused → corrected from the chip → issued', async () => {
    const id = await calledRegistration();
    const read = chipRead(id, 'verified', 'mismatch');
    expect(await push(COUNTER, [read, issued(id)])).toEqual(['accepted', 'DK_ERR_IDENTITY_CHIP_MISMATCH']);
    const correction = counter.event(
      'registration.corrected',
      { ...by(id), changes: { fullName: 'Nguyễn Văn Thữ' }, source: 'chip', chipReadId: read.id, reason: 'chip-values' } as never,
      '2026-11-22T02:08:00.000Z',
    );
    expect(await push(COUNTER, [correction, issued(id, { identityCheck: 'chip-matched' })])).toEqual(['accepted', 'accepted']);
    const [row] = await h.db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [id]);
    const state = await h.open<RegistrationState>(id, row!.state);
    expect([state.draft.identity.fullName, state.corrections?.map((c) => c.fields)]).toEqual(['Nguyễn Văn Thữ', [['fullName']]]);
  });

  it('unverified chip mismatch: needs the approval a manager made with their own sign-in, then the papers', async () => {
    const id = await calledRegistration();
    const read = chipRead(id, 'not-verified', 'mismatch');
    expect(await push(COUNTER, [read, issued(id)])).toEqual(['accepted', 'DK_ERR_IDENTITY_APPROVAL_REQUIRED']);
    const reason = 'Công dân đổi tên theo quyết định, chip chưa xác thực được';
    const forged = counter.event(
      'identity.mismatch-approved',
      {
        ...by(id),
        operatorId: 'manager.benthanh',
        approvalId: '019ab000-0000-7000-8000-0000000000aa',
        chipReadId: read.id,
        reason,
      } as never,
      '2026-11-22T02:09:00.000Z',
    );
    expect(await push(COUNTER, [forged])).toEqual(['DK_ERR_APPROVAL_UNKNOWN']);

    const clerkLogin = await h.app.inject({
      method: 'POST',
      url: routes.login,
      payload: { username: 'clerk.benthanh', password: 'dangky-demo-2026' },
    });
    const byClerk = await h.app.inject({
      method: 'POST',
      url: routes.identityApprovals,
      headers: { authorization: `Bearer ${loginResponse.parse(clerkLogin.json()).token}` },
      payload: { registrationId: id, chipReadId: read.id, reason },
    });
    expect([byClerk.statusCode, byClerk.json().error.code]).toEqual([403, 'DK_ERR_APPROVAL_NOT_MANAGER']);
    const res = await h.app.inject({
      method: 'POST',
      url: routes.identityApprovals,
      headers: { authorization: `Bearer ${managerToken}` },
      payload: { registrationId: id, chipReadId: read.id, reason },
    });
    const approval = identityApproval.parse(res.json());
    expect(approval).toMatchObject({ approvedBy: 'manager.benthanh', approverName: 'Lê Hoàng Nam', chipReadId: read.id });
    const approved = counter.event(
      'identity.mismatch-approved',
      { ...by(id), operatorId: 'manager.benthanh', approvalId: approval.approvalId, chipReadId: read.id, reason } as never,
      '2026-11-22T02:09:30.000Z',
    );
    expect(await push(COUNTER, [approved, issued(id)])).toEqual(['accepted', 'accepted']);
  });
});

describe(`a manager approves from their own page on ${dbKind}`, () => {
  const signIn = async (username: string) =>
    loginResponse.parse(
      (await h.app.inject({ method: 'POST', url: routes.login, payload: { username, password: 'dangky-demo-2026' } })).json(),
    ).token;
  const get = (url: string, token: string) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const pendingFor = async (token: string) => {
    const res = await get(routes.identityApprovalsPending, token);
    expect(res.statusCode).toBe(200);
    return pendingApprovalsResponse.parse(res.json()).pending;
  };

  it('lists what waits for them (an unverified chip that disagrees, at a counter or for a token’s care), then the clerk’s counter finds the approval and issues', async () => {
    const waiting = await calledRegistration();
    const read = chipRead(waiting, 'not-verified', 'mismatch');
    const agrees = await calledRegistration();
    const genuine = await calledRegistration();
    expect(await push(COUNTER, [read, chipRead(agrees, 'not-verified', 'match'), chipRead(genuine, 'verified', 'mismatch')])).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);

    // Someone's token, whose holder's unverified chip disagrees at "Tra cứu token".
    const cared = await calledRegistration();
    const careRead = counter.event(
      'identity.chip-read',
      {
        ...by(cared),
        verdict: 'not-verified',
        fields: { idNumber: 'match', fullName: 'mismatch', birthDate: 'match', sex: 'match' },
        cardExpiry: 'valid',
        purpose: 'token-care',
      } as never,
      '2026-11-22T02:20:00.000Z',
    );
    expect(await push(COUNTER, [issued(cared, { tokenSerial: 'TK-000556' }), careRead])).toEqual(['accepted', 'accepted']);

    const listed = (await pendingFor(managerToken)).filter((p) => [waiting, agrees, genuine, cared].includes(p.registrationId));
    expect(listed.map((p) => [p.registrationId, p.purpose, p.chipReadId, p.fields])).toEqual([
      [waiting, 'issuance', read.id, ['fullName']],
      [cared, 'token-care', careRead.id, ['fullName']],
    ]);
    expect(listed[0]).toMatchObject({ siteId: 'hcm-ben-thanh', verdict: 'not-verified', fullName: expect.any(String) });
    // The city manager sees the sites of their city; a clerk sees nothing of it.
    expect((await pendingFor(await signIn('manager.hcm'))).map((p) => p.registrationId)).toContain(waiting);
    const byClerk = await get(routes.identityApprovalsPending, await signIn('clerk.benthanh'));
    expect([byClerk.statusCode, byClerk.json().error.code]).toEqual([403, 'DK_ERR_APPROVAL_NOT_MANAGER']);

    // Approved on the manager's page: no longer listed; the clerk's counter asks and finds it.
    const reason = 'Đã gọi công an phường xác minh: công dân đổi tên năm 2020';
    const made = await h.app.inject({
      method: 'POST',
      url: routes.identityApprovals,
      headers: { authorization: `Bearer ${managerToken}` },
      payload: { registrationId: waiting, chipReadId: read.id, reason },
    });
    const approval = identityApproval.parse(made.json());
    expect((await pendingFor(managerToken)).map((p) => p.registrationId)).not.toContain(waiting);
    const clerkToken = await signIn('clerk.benthanh');
    const found = await get(`${routes.identityApprovals}?registrationId=${waiting}`, clerkToken);
    expect(identityApprovalsResponse.parse(found.json()).approvals).toEqual([approval]);
    // Another site's clerk may not ask about this registration.
    const other = await get(`${routes.identityApprovals}?registrationId=${waiting}`, await signIn('clerk.hoisach'));
    expect(other.statusCode).toBe(403);

    // The clerk's counter records the manager's event naming it, then the papers, then the token.
    const approved = counter.event(
      'identity.mismatch-approved',
      { ...by(waiting), operatorId: approval.approvedBy, approvalId: approval.approvalId, chipReadId: read.id, reason } as never,
      '2026-11-22T02:09:00.000Z',
    );
    expect(await push(COUNTER, [approved, issued(waiting, { tokenSerial: 'TK-000557' })])).toEqual(['accepted', 'accepted']);
  });
});

describe(`corrections the clerk types on ${dbKind}`, () => {
  it('accepts a typo corrected from the papers, and refuses typing over what a verified chip holds', async () => {
    const id = await calledRegistration();
    const typed = (changes: Record<string, string>, at: string) =>
      counter.event('registration.corrected', { ...by(id), changes, source: 'typed', reason: 'typo' } as never, at);
    expect(await push(COUNTER, [typed({ address: '14 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh' }, '2026-11-22T02:05:30.000Z')])).toEqual([
      'accepted',
    ]);
    const read = chipRead(id, 'verified', 'mismatch');
    expect(await push(COUNTER, [read, typed({ fullName: 'Nguyễn Văn Sửa' }, '2026-11-22T02:07:00.000Z')])).toEqual([
      'accepted',
      'DK_ERR_CORRECTION_CONTRADICTS_CHIP',
    ]);
    expect(await stored(id, 'registration.corrected')).toBe(1);
    // The events behind a refused one still go in: the name corrected from the chip, then the issuance.
    const fromChip = counter.event(
      'registration.corrected',
      { ...by(id), changes: { fullName: 'Nguyễn Văn Chip' }, source: 'chip', chipReadId: read.id, reason: 'chip-values' } as never,
      '2026-11-22T02:08:00.000Z',
    );
    expect(await push(COUNTER, [fromChip, issued(id, { identityCheck: 'chip-matched' })])).toEqual(['accepted', 'accepted']);
  });
});

describe(`queue actions that forgive on ${dbKind}`, () => {
  it('holds a "citizen left" cancellation until the no-show grace ran out, unless confirmed', async () => {
    const id = await calledRegistration();
    const cancel = (at: string, confirmed?: boolean) =>
      counter.event('registration.cancelled', { ...by(id), reason: 'citizen-left', ...(confirmed ? { confirmed } : {}) } as never, at);
    expect(await push(COUNTER, [cancel('2026-11-22T02:06:00.000Z')])).toEqual(['DK_ERR_CANCEL_TOO_EARLY']);
    const noShow = counter.event('registration.no-show', { ...by(id), counterId: COUNTER } as never, '2026-11-22T02:10:00.000Z');
    expect(await push(COUNTER, [noShow, cancel('2026-11-22T02:24:59.000Z')])).toEqual(['accepted', 'DK_ERR_CANCEL_TOO_EARLY']);
    expect(await push(COUNTER, [cancel('2026-11-22T02:25:00.000Z')])).toEqual(['accepted']);
    const other = await calledRegistration();
    expect(
      await push(COUNTER, [
        counter.event(
          'registration.cancelled',
          { ...by(other), reason: 'citizen-left', confirmed: true } as never,
          '2026-11-22T02:06:00.000Z',
        ),
      ]),
    ).toEqual(['accepted']);
  });

  it('recalls a no-show only from its counter and puts it back only inside the grace period', async () => {
    const noShow = (id: string) =>
      counter.event('registration.no-show', { ...by(id), counterId: COUNTER } as never, '2026-11-22T02:10:00.000Z');
    const recall = (id: string, counterId: string, at: string) =>
      counter.event('registration.called', { ...by(id), counterId } as never, at);
    const putBack = (id: string, at: string) => counter.event('registration.put-back', by(id) as never, at);

    const recalled = await calledRegistration();
    expect(
      await push(COUNTER, [
        noShow(recalled),
        recall(recalled, 'counter-hcm-ben-thanh-2', '2026-11-22T02:12:00.000Z'),
        recall(recalled, COUNTER, '2026-11-22T02:12:00.000Z'),
      ]),
    ).toEqual(['accepted', 'DK_ERR_QUEUE_OTHER_COUNTER', 'accepted']);

    const lapsed = await calledRegistration();
    expect(
      await push(COUNTER, [
        noShow(lapsed),
        recall(lapsed, COUNTER, '2026-11-22T02:25:00.000Z'),
        putBack(lapsed, '2026-11-22T02:25:00.000Z'),
        putBack(lapsed, '2026-11-22T02:24:59.000Z'),
      ]),
    ).toEqual(['accepted', 'DK_ERR_QUEUE_GRACE_OVER', 'DK_ERR_QUEUE_GRACE_OVER', 'accepted']);
    const held = async (id: string) => {
      const [row] = await h.db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [id]);
      return h.open<RegistrationState>(id, row!.state);
    };
    expect(await held(lapsed)).toMatchObject({ status: 'waiting', noShow: null });
    expect(await held(recalled)).toMatchObject({ status: 'called', noShow: null, counterId: COUNTER });
  });
});

describe(`a provider's programme terms on ${dbKind}`, () => {
  const freeUntil = async (id: string) =>
    (await h.db.query<{ d: string | null }>('SELECT free_until::text AS d FROM citizen_holdings WHERE registration_id = $1', [id]))[0]?.d;

  it('records the free period from the provider’s free months, and lets a provider without the one-free rule issue a second one', async () => {
    const citizen = nextIdNumber();
    const first = await calledRegistration({ idNumber: citizen });
    expect(await push(COUNTER, [issued(first, { tokenSerial: 'TK-000801' })])).toEqual(['accepted']);
    // The demo's VNPT: 12 free months from the Ho Chi Minh day of the issuance.
    expect(await freeUntil(first)).toBe('2027-11-22');

    const viettel = await calledRegistration({ idNumber: citizen, providerId: 'viettel' });
    expect(await push(COUNTER, [issued(viettel, { tokenSerial: 'TK-000802' }, '2026-11-22T02:11:00.000Z')])).toEqual([
      'DK_ERR_CERTIFICATE_ALREADY_HELD',
    ]);
    const [terms] = await readProviders(h.db, 'id = $1', ['viettel']);
    await saveProvider(h.db, operator, { ...terms!, freeMonths: 6, oneFreePerCitizen: false }, 'update');
    expect(await push(COUNTER, [issued(viettel, { tokenSerial: 'TK-000803' }, '2026-11-22T02:12:00.000Z')])).toEqual(['accepted']);
    expect(await freeUntil(viettel)).toBe('2027-05-22');
  });
});
