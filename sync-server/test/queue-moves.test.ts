import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationState } from '@dangky/core/events';
import { operator } from '../src/admin/actor.ts';
import { createEnrolment, redeemEnrolment, setCounter } from '../src/admin/devices.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Transfer and park at ingest: core's queue actions judge them again with the site's counters —
 * a transfer only to another counter or desk that serves the citizen, a park only by the counter
 * that called — and a transferred ticket is then called only by its target (by hand too), each
 * refusal with its own code and nothing stored of it.
 */
let h: Harness;
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
let other = '';
const kiosk = deviceEvents(KIOSK);
const counter = deviceEvents(COUNTER);
let ticket = 0;

const push = (deviceId: string, events: unknown[]) => h.push(deviceId, events);
const by = (registrationId: string) => ({ registrationId, operatorId: 'clerk.benthanh' });
const at = (minute: number) => `2026-11-22T02:${String(minute).padStart(2, '0')}:00.000Z`;
const transferred = (id: string, to: unknown, note?: string, minute = 10) =>
  counter.event('registration.transferred', { ...by(id), counterId: COUNTER, to, ...(note ? { note } : {}) } as never, at(minute));
const parked = (id: string, minute = 10) => counter.event('registration.parked', { ...by(id), counterId: COUNTER } as never, at(minute));
const callAgain = (id: string, minute = 12) => counter.called(id, 'clerk.benthanh', at(minute));

async function calledRegistration(): Promise<string> {
  const submitted = kiosk.submitted({
    siteId: 'hcm-ben-thanh',
    ticket: `A-${String(++ticket).padStart(3, '0')}`,
    day: '2026-11-22',
    at: at(0),
  });
  const id = submitted.payload.registrationId;
  expect(await push(KIOSK, [submitted])).toEqual(['accepted']);
  expect(await push(COUNTER, [counter.called(id, 'clerk.benthanh', at(5))])).toEqual(['accepted']);
  return id;
}
const state = async (id: string) => {
  const [row] = await h.db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [id]);
  return h.open<RegistrationState>(id, row!.state);
};

beforeAll(async () => {
  h = await harness();
  const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'counter', name: 'Quầy hai' });
  other = (await redeemEnrolment(h.db, code.code)).deviceId;
  await setCounter(h.db, operator, COUNTER, { number: 1, services: ['token', 'remote'] });
  await setCounter(h.db, operator, other, { number: 2, services: ['token'] });
}, 120_000);
afterAll(() => h.close());

describe(`transfer and park at ingest on ${dbKind}`, () => {
  it('a ticket transferred to another counter waits for it with the note; this counter may not call it again', async () => {
    const id = await calledRegistration();
    expect(await push(COUNTER, [transferred(id, { counterId: other }, 'thiếu bản sao CCCD'), callAgain(id)])).toEqual([
      'accepted',
      'DK_ERR_QUEUE_RESERVED_ELSEWHERE',
    ]);
    expect(await state(id)).toMatchObject({
      status: 'waiting',
      counterId: null,
      hold: { kind: 'transfer', counterId: other, note: 'thiếu bản sao CCCD', from: COUNTER, by: 'clerk.benthanh' },
    });
  });

  it.each([
    ['to the counter it is at', { counterId: COUNTER }, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
    ['to a counter the site does not have', { counterId: 'counter-hcm-ben-thanh-9' }, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
    ['to its own desk', { service: 'token' }, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
    ['to a desk no counter serves', { service: 'eid-level2' }, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
  ])('refuses a transfer %s and stores nothing of it', async (_name, to, code) => {
    const id = await calledRegistration();
    expect(await push(COUNTER, [transferred(id, to)])).toEqual([code]);
    expect(await state(id)).toMatchObject({ status: 'called', counterId: COUNTER });
  });

  it('refuses a note over 200 characters', async () => {
    const id = await calledRegistration();
    expect(await push(COUNTER, [transferred(id, { counterId: other }, 'x'.repeat(201))])).not.toEqual(['accepted']);
    expect(await state(id)).toMatchObject({ status: 'called' });
  });

  it('a ticket sent to another desk is called only by a counter of that desk', async () => {
    await setCounter(h.db, operator, other, { number: 2, services: ['eid-level2'] });
    const id = await calledRegistration();
    expect(await push(COUNTER, [transferred(id, { service: 'eid-level2' }), callAgain(id)])).toEqual([
      'accepted',
      'DK_ERR_QUEUE_DESK_NOT_SERVED',
    ]);
    expect(await state(id)).toMatchObject({ status: 'waiting', desk: 'eid-level2', hold: { kind: 'transfer', counterId: null } });
    await setCounter(h.db, operator, other, { number: 2, services: ['token'] });
  });

  it('a parked ticket is held for this counter, which calls it again by hand; a second park or a transfer of a waiting ticket is refused', async () => {
    const id = await calledRegistration();
    expect(await push(COUNTER, [parked(id), parked(id, 11), callAgain(id)])).toEqual(['accepted', 'DK_ERR_QUEUE_NOT_CALLED', 'accepted']);
    expect(await state(id)).toMatchObject({ status: 'called', counterId: COUNTER, hold: null });
  });
});
