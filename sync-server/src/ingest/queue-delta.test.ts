import { describe, expect, it } from 'vitest';
import { applyEvent, type DomainEvent, type RegistrationState } from '@dangky/core/events';
import { deviceEvents } from '../../test/events.ts';
import { queueStatsDelta } from './queue-delta.ts';
import { queueStatsRows } from './queue-stats-rows.ts';

/** Folds events one by one and returns each event's waiting-room delta. */
function deltas(events: DomainEvent[]) {
  let state: RegistrationState | undefined;
  return events.map((e) => {
    const folded = applyEvent(state, e);
    if (!folded.ok) throw new Error(folded.code);
    const d = queueStatsDelta(e, state, folded.state);
    state = folded.state;
    return d;
  });
}

const kiosk = deviceEvents('kiosk-hcm-ben-thanh-1');
const counter = deviceEvents('counter-hcm-ben-thanh-1');

describe('what an event adds to the waiting-room statistics', () => {
  it('a recall is neither a call nor a wait; the service runs from the last call', () => {
    const sub = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: '2026-03-02', at: '2026-03-02T02:00:00.000Z' });
    const id = sub.payload.registrationId;
    const [arrival, call, recall, done] = deltas([
      sub,
      counter.called(id, 'clerk.benthanh', '2026-03-02T02:10:00.000Z'),
      counter.called(id, 'clerk.benthanh', '2026-03-02T02:12:00.000Z'),
      counter.issued(id, 'clerk.benthanh', '2026-03-02T02:20:00.000Z'),
    ]);
    expect(arrival).toMatchObject({ day: '2026-03-02', hour: 9, desk: 'token', arrivals: 1, counterId: null });
    expect(call).toMatchObject({ called: 1, waitSeconds: 600, counterId: 'counter-hcm-ben-thanh-1', operatorId: 'clerk.benthanh' });
    expect(recall).toBeNull();
    expect(done).toMatchObject({ completed: 1, serviceSeconds: 480, counterId: 'counter-hcm-ben-thanh-1' });
  });

  it('a submission that says how long the citizen took at the kiosk adds that time, in the kiosk buckets; one without adds none', () => {
    const at = '2026-03-02T02:00:00.000Z';
    const [timed] = deltas([kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-010', day: '2026-03-02', at, kioskSeconds: 200 })]);
    const [untimed] = deltas([kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-011', day: '2026-03-02', at })]);
    expect(timed).toMatchObject({ arrivals: 1, kioskSeconds: 200 });
    expect(untimed).toMatchObject({ arrivals: 1, kioskSeconds: null });
    const [day] = queueStatsRows([timed!, untimed!]).site.filter((r) => r.key[0] === 'day');
    // 200 s falls in [180, 300): the kiosk's fourth bucket, like a service's.
    expect(day!.sums).toMatchObject({ arrivals: 2, kiosk_count: 1, kiosk_sum_s: 200, kiosk_h3: 1 });
    expect(queueStatsRows([timed!]).staff).toEqual([]);
  });

  it('a no-show, a put-back, a transfer or a park is not a completion (the citizen is served where they are sent)', () => {
    const sub = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-004', day: '2026-03-02', at: '2026-03-02T02:00:00.000Z' });
    const id = sub.payload.registrationId;
    const by = { registrationId: id, operatorId: 'clerk.benthanh', counterId: 'counter-hcm-ben-thanh-1' };
    const moves = deltas([
      sub,
      counter.called(id, 'clerk.benthanh', '2026-03-02T02:10:00.000Z'),
      counter.event('registration.no-show', by as never, '2026-03-02T02:11:00.000Z'),
      counter.event('registration.put-back', { registrationId: id, operatorId: 'clerk.benthanh' } as never, '2026-03-02T02:12:00.000Z'),
      counter.called(id, 'clerk.benthanh', '2026-03-02T02:13:00.000Z'),
      counter.event('registration.transferred', { ...by, to: { service: 'remote' } } as never, '2026-03-02T02:14:00.000Z'),
      counter.called(id, 'clerk.benthanh', '2026-03-02T02:15:00.000Z'),
      counter.event('registration.parked', by as never, '2026-03-02T02:16:00.000Z'),
    ]).slice(2);
    expect(moves.filter((d) => d?.completed)).toEqual([]);
  });

  it('counts on the Ho Chi Minh day and hour, and never a negative duration (clocks of two devices)', () => {
    const sub = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-002', day: '2026-03-03', at: '2026-03-02T17:30:00.000Z' });
    const id = sub.payload.registrationId;
    const [arrival, call] = deltas([sub, counter.called(id, 'clerk.benthanh', '2026-03-02T17:29:58.000Z')]);
    expect(arrival).toMatchObject({ day: '2026-03-03', hour: 0 });
    expect(call!.waitSeconds).toBe(0);
  });

  it('a cancellation counts without a service time; the e-ID desk is its own', () => {
    const sub = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-003', day: '2026-03-02', at: '2026-03-02T02:00:00.000Z', eid: true });
    const id = sub.payload.registrationId;
    const [, , cancelled] = deltas([
      sub,
      counter.called(id, 'clerk.benthanh', '2026-03-02T02:01:00.000Z'),
      counter.cancelled(id, 'clerk.benthanh', '2026-03-02T02:05:00.000Z'),
    ]);
    expect(cancelled).toMatchObject({ desk: 'eid-level2', cancelled: 1, serviceSeconds: null, counterId: 'counter-hcm-ben-thanh-1' });
  });

  it('rows: one per key and grain, sums added, the Monday and the first of the month as periods', () => {
    const sub = (ticket: string, at: string) => kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket, day: at.slice(0, 10), at });
    const ds = deltas([sub('A-010', '2026-03-04T02:00:00.000Z')]).concat(deltas([sub('A-011', '2026-03-05T02:00:00.000Z')]));
    const rows = queueStatsRows(ds.filter((d) => d !== null));
    expect(rows.site.map((r) => [r.key, r.sums])).toEqual([
      [['day', '2026-03-04', 'hcm-ben-thanh', 'token'], { arrivals: 1 }],
      [['week', '2026-03-02', 'hcm-ben-thanh', 'token'], { arrivals: 2 }],
      [['month', '2026-03-01', 'hcm-ben-thanh', 'token'], { arrivals: 2 }],
      [['day', '2026-03-05', 'hcm-ben-thanh', 'token'], { arrivals: 1 }],
    ]);
    expect(rows.staff).toEqual([]);
    expect(rows.hourly.find((r) => r.key[0] === 'week')).toEqual({
      key: ['week', '2026-03-02', 'hcm-ben-thanh', 9],
      sums: { arrivals: 2 },
    });
  });
});
