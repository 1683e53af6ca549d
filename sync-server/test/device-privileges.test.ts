import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type DomainEvent } from '@dangky/core/events';
import { routes } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const SITE = 'hcm-ben-thanh';
const at = '2026-11-22T03:00:00.000Z';
const day = '2026-11-22';

/** One valid payload of every event type a counter records, about one registration, by one operator. */
function counterPayloads(
  registrationId: string,
  operatorId: string,
): { [T in DomainEvent['type']]?: Extract<DomainEvent, { type: T }>['payload'] } {
  const by = { registrationId, operatorId };
  return {
    'registration.called': { ...by, counterId: COUNTER },
    'registration.no-show': { ...by, counterId: COUNTER },
    'registration.put-back': by,
    'registration.corrected': { ...by, changes: { phone: '0912000000' }, source: 'typed', reason: 'typo' },
    'registration.cancelled': { ...by, reason: 'citizen-left', confirmed: true },
    'identity.chip-read': { ...by, verdict: 'verified', fields: {}, cardExpiry: 'valid', purpose: 'issuance' },
    'identity.mismatch-approved': { ...by, approvalId: uuidv7(), chipReadId: null, reason: 'Giấy tờ đã được đối chiếu kỹ' },
    'token.issued': { ...by, tokenSerial: 'TK-000900', identityCheck: 'documents-checked' },
    'token.pin-unblocked': { ...by, tokenSerial: 'TK-000900', reason: 'pin-forgotten' },
    'token.revoked': { ...by, tokenSerial: 'TK-000900', reason: 'lost' },
    'remote.activated': by,
    'eid.level2.recorded': { ...by, outcome: 'handed-to-officer' },
    'eid.level2.result-recorded': { ...by, result: 'approved', officerReference: 'BB-01/2026' },
  };
}

const eventsOf = async (deviceId: string) =>
  Number((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE device_id = $1', [deviceId]))[0]!.n);

describe(`what each kind of device may do, on ${dbKind}`, () => {
  it('a kiosk records only the submission: every counter event is refused on its own, the rest of the batch stored', async () => {
    const k = deviceEvents(KIOSK);
    const submitted = k.submitted({ siteId: SITE, ticket: 'A-801', day, at });
    const payloads = Object.entries(counterPayloads(submitted.payload.registrationId, 'clerk.benthanh'));
    expect(payloads).toHaveLength(13);
    const counterEvents = payloads.map(([type, payload]) => k.event(type as DomainEvent['type'], payload as never, at));
    const later = k.submitted({ siteId: SITE, ticket: 'A-802', day, at });
    expect(await h.push(KIOSK, [submitted, ...counterEvents, later])).toEqual([
      'accepted',
      ...counterEvents.map(() => 'DK_ERR_DEVICE_KIND_FORBIDDEN'),
      'accepted',
    ]);
    expect(await eventsOf(KIOSK)).toBe(2);
    const [stored] = await h.db.query<{ status: string }>('SELECT status FROM registrations WHERE id = $1', [
      submitted.payload.registrationId,
    ]);
    expect(stored?.status).toBe('waiting');
  });

  it('a counter records no submission', async () => {
    const c = deviceEvents(COUNTER, 500);
    expect(await h.push(COUNTER, [c.submitted({ siteId: SITE, ticket: 'A-803', day, at })])).toEqual(['DK_ERR_DEVICE_KIND_FORBIDDEN']);
    expect(await eventsOf(COUNTER)).toBe(0);
  });

  it('a kiosk pulls no personal data: the queue is refused, its counters and the reference data still come', async () => {
    const kiosk = h.device(KIOSK);
    const pull = await h.app.inject({ method: 'GET', url: routes.pull, headers: { authorization: kiosk.auth } });
    expect(pull.statusCode).toBe(403);
    expect(pull.json()).toMatchObject({ error: { code: 'DK_ERR_DEVICE_KIND_FORBIDDEN' } });
    const reference = await h.app.inject({ method: 'GET', url: routes.reference, headers: { authorization: kiosk.auth } });
    expect(reference.statusCode).toBe(200);
    expect(reference.json().device).toMatchObject({ id: KIOSK, lastSeq: 15, lastTicket: { seq: 0 } });
    // The synthetic citizen's values appear in neither answer.
    for (const body of [pull.body, reference.body]) {
      expect(body).not.toContain('Nguyễn Văn Thử');
      expect(body).not.toContain('0912345678');
      expect(body).not.toMatch(/"(identity|contact|fullName|idNumber|birthDate|phone)"/);
    }
  });
});
