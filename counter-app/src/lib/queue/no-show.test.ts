import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldRegistration, type RegistrationState } from '@dangky/core/events';
import { defaultServiceRules, serviceRules } from '@dangky/core/gates';
import { eidService, registrationEvents } from '@dangky/core/testing';
import { pendingEvents, sealerFor } from '@dangky/web';
import { rowKeysInMemory } from '@dangky/web/testing';
import { CounterDb } from '../db/counter-db.ts';
import { absentAt, cancelAbsent, putBack, recallProblem } from './no-show.ts';

const at = '2026-11-22T02:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(at) + n * 60_000);

/** A called e-ID registration that counter-1 marked "not here" at `at`. */
function absent(ticket = 'A-001'): RegistrationState {
  const { submitted, called, event, by } = registrationEvents({ at });
  const r = foldRegistration([
    submitted(eidService, { ticket }),
    called(),
    event('registration.no-show', { ...by, counterId: 'counter-1' }),
  ]);
  if (!r.ok) throw new Error(r.code);
  return r.state;
}

describe('the counter’s no-shows', () => {
  let db: CounterDb;
  const sealer = sealerFor(rowKeysInMemory());
  const action = (registration: RegistrationState, now: Date) => ({
    deviceId: 'counter-1',
    operatorId: 'clerk.benthanh',
    registration,
    rules: defaultServiceRules,
    now,
  });
  beforeEach(() => {
    db = new CounterDb(`no-show-${Math.random()}`);
  });
  afterEach(() => db.delete());

  it('lists this counter’s no-shows with the end of their grace period, from the configured rules', () => {
    const mine = absent();
    const { submitted, called } = registrationEvents({ at });
    const calledOnly = foldRegistration([submitted(eidService, { ticket: 'A-002' }), called()]);
    if (!calledOnly.ok) throw new Error(calledOnly.code);
    const rules = serviceRules.parse({ queue: { noShowGraceMinutes: 2 } });
    expect(absentAt([calledOnly.state, mine], 'counter-1', rules)).toEqual([{ registration: mine, graceEndsAt: minutes(2).getTime() }]);
    expect(absentAt([mine], 'counter-2', rules)).toEqual([]);
  });

  it('recalls only from the counter that marked it, inside the grace period', () => {
    expect(recallProblem(absent(), 'counter-1', defaultServiceRules, minutes(14))).toBeNull();
    expect(recallProblem(absent(), 'counter-2', defaultServiceRules, minutes(14))).toBe('DK_ERR_QUEUE_OTHER_COUNTER');
    expect(recallProblem(absent(), 'counter-1', defaultServiceRules, minutes(15))).toBe('DK_ERR_QUEUE_GRACE_OVER');
  });

  it('puts a ticket back inside the grace period, with the clerk, and refuses after it', async () => {
    await expect(putBack(db, sealer, action(absent(), minutes(15)))).rejects.toMatchObject({ code: 'DK_ERR_QUEUE_GRACE_OVER' });
    const event = await putBack(db, sealer, action(absent(), minutes(3)));
    expect(event).toMatchObject({ type: 'registration.put-back', payload: { operatorId: 'clerk.benthanh' } });
    expect(await pendingEvents(db, sealer)).toEqual([event]);
  });

  it('cancels as "citizen left" before the grace ran out only when confirmed; after it, without', async () => {
    await expect(cancelAbsent(db, sealer, { ...action(absent(), minutes(5)), confirmed: false })).rejects.toMatchObject({
      code: 'DK_ERR_CANCEL_TOO_EARLY',
    });
    const confirmed = await cancelAbsent(db, sealer, { ...action(absent(), minutes(5)), confirmed: true });
    expect(confirmed.payload).toMatchObject({ reason: 'citizen-left', confirmed: true, operatorId: 'clerk.benthanh' });
    const lapsed = await cancelAbsent(db, sealer, { ...action(absent(), minutes(15)), confirmed: false });
    expect(lapsed.payload).not.toHaveProperty('confirmed');
    expect(await pendingEvents(db, sealer)).toHaveLength(2);
  });
});
