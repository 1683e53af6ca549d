import { describe, expect, it } from 'vitest';
import { applyQueueAction, type QueueAction, type QueueActionContext } from './queue-action.ts';
import { newQueueTicket, type QueueTicket, type QueueTicketStatus } from './queue-ticket.ts';
import type { QueueCounter } from './desk.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z');
const counters: QueueCounter[] = [
  { counterId: 'c1', number: 1, services: ['token', 'remote'] },
  { counterId: 'c2', number: 2, services: ['token'] },
  { counterId: 'c3', number: 3, services: ['eid-level2'] },
];
const ctx = (minutesAfter = 0): QueueActionContext => ({ at: T0 + minutesAfter * 60_000, policy: { noShowGraceMinutes: 15 }, counters });

const base = newQueueTicket({ registrationId: 'r1', ticketNumber: 'A-012', service: 'token', priority: false, queuedAt: T0 - 600_000 });
const at = (status: QueueTicketStatus, extra: Partial<QueueTicket> = {}): QueueTicket => ({
  ...base,
  status,
  counterId: status === 'waiting' ? null : 'c1',
  noShowAt: status === 'no-show' ? T0 : null,
  announcements: status === 'waiting' ? 0 : 1,
  ...extra,
});

describe('queue actions', () => {
  const cases: [string, QueueTicket, QueueAction, number, string][] = [
    ['call a waiting ticket', at('waiting'), { type: 'call', counterId: 'c1' }, 0, 'called'],
    ['call a parked ticket by hand', at('parked', { reservedFor: 'c1' }), { type: 'call', counterId: 'c1' }, 0, 'called'],
    ['call a ticket already called', at('called'), { type: 'call', counterId: 'c2' }, 0, 'DK_ERR_QUEUE_NOT_WAITING'],
    ['call at a counter of another desk', at('waiting'), { type: 'call', counterId: 'c3' }, 0, 'DK_ERR_QUEUE_DESK_NOT_SERVED'],
    ['call at an unknown counter', at('waiting'), { type: 'call', counterId: 'c9' }, 0, 'DK_ERR_QUEUE_COUNTER_UNKNOWN'],
    [
      'call a ticket transferred elsewhere',
      at('waiting', { reservedFor: 'c2' }),
      { type: 'call', counterId: 'c1' },
      0,
      'DK_ERR_QUEUE_RESERVED_ELSEWHERE',
    ],
    ['recall at the calling counter', at('called'), { type: 'recall', counterId: 'c1' }, 0, 'called'],
    ['recall at another counter', at('called'), { type: 'recall', counterId: 'c2' }, 0, 'DK_ERR_QUEUE_OTHER_COUNTER'],
    ['recall a waiting ticket', at('waiting'), { type: 'recall', counterId: 'c1' }, 0, 'DK_ERR_QUEUE_NOT_CALLED'],
    ['recall a no-show inside the grace', at('no-show'), { type: 'recall', counterId: 'c1' }, 14, 'called'],
    ['recall a no-show at the end of the grace', at('no-show'), { type: 'recall', counterId: 'c1' }, 15, 'DK_ERR_QUEUE_GRACE_OVER'],
    ['mark a called ticket no-show', at('called'), { type: 'no-show', counterId: 'c1' }, 0, 'no-show'],
    ['mark a waiting ticket no-show', at('waiting'), { type: 'no-show', counterId: 'c1' }, 0, 'DK_ERR_QUEUE_NOT_CALLED'],
    ['put back a no-show inside the grace', at('no-show'), { type: 'put-back', counterId: 'c1' }, 10, 'waiting'],
    ['put back a no-show after the grace', at('no-show'), { type: 'put-back', counterId: 'c1' }, 16, 'DK_ERR_QUEUE_GRACE_OVER'],
    ['put back a called ticket', at('called'), { type: 'put-back', counterId: 'c1' }, 0, 'DK_ERR_QUEUE_NOT_NO_SHOW'],
    ['park a called ticket', at('called'), { type: 'park', counterId: 'c1' }, 0, 'parked'],
    ['park at another counter', at('called'), { type: 'park', counterId: 'c2' }, 0, 'DK_ERR_QUEUE_OTHER_COUNTER'],
    ['transfer to a counter of the desk', at('called'), { type: 'transfer', counterId: 'c1', to: { counterId: 'c2' } }, 0, 'waiting'],
    ['transfer to itself', at('called'), { type: 'transfer', counterId: 'c1', to: { counterId: 'c1' } }, 0, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
    [
      'transfer to a counter of another desk',
      at('called'),
      { type: 'transfer', counterId: 'c1', to: { counterId: 'c3' } },
      0,
      'DK_ERR_QUEUE_DESK_NOT_SERVED',
    ],
    ['transfer to another desk', at('called'), { type: 'transfer', counterId: 'c1', to: { service: 'eid-level2' } }, 0, 'waiting'],
    [
      'transfer to its own desk',
      at('called'),
      { type: 'transfer', counterId: 'c1', to: { service: 'token' } },
      0,
      'DK_ERR_QUEUE_TRANSFER_TARGET',
    ],
    [
      'transfer with a note too long',
      at('called'),
      { type: 'transfer', counterId: 'c1', to: { counterId: 'c2' }, note: 'x'.repeat(201) },
      0,
      'DK_ERR_QUEUE_TRANSFER_NOTE_TOO_LONG',
    ],
    ['finish a called ticket', at('called'), { type: 'finish', counterId: 'c1' }, 0, 'done'],
    ['cancel a waiting ticket', at('waiting'), { type: 'cancel' }, 0, 'done'],
    ['anything on a finished ticket', at('done'), { type: 'cancel' }, 0, 'DK_ERR_QUEUE_TICKET_CLOSED'],
  ];

  it.each(cases)('%s', (_, ticket, action, minutes, expected) => {
    const result = applyQueueAction(ticket, action, ctx(minutes));
    expect(result.ok ? result.ticket.status : result.code).toBe(expected);
  });

  it('a transfer keeps the place in the queue, carries the note and sends the ticket where asked', () => {
    const r = applyQueueAction(
      at('called'),
      { type: 'transfer', counterId: 'c1', to: { counterId: 'c2' }, note: ' thiếu bản sao ' },
      ctx(),
    );
    expect(r).toMatchObject({
      ok: true,
      ticket: { queuedAt: base.queuedAt, reservedFor: 'c2', transferNote: 'thiếu bản sao', counterId: null },
    });
    const toDesk = applyQueueAction(at('called'), { type: 'transfer', counterId: 'c1', to: { service: 'eid-level2' } }, ctx());
    expect(toDesk).toMatchObject({ ok: true, ticket: { service: 'eid-level2', reservedFor: null } });
  });

  it('a recall announces again and a put-back frees the ticket for any counter, at its old place', () => {
    const recalled = applyQueueAction(at('called'), { type: 'recall', counterId: 'c1' }, ctx());
    expect(recalled).toMatchObject({ ok: true, ticket: { announcements: 2 } });
    const back = applyQueueAction(at('no-show'), { type: 'put-back', counterId: 'c1' }, ctx(5));
    expect(back).toMatchObject({ ok: true, ticket: { status: 'waiting', counterId: null, noShowAt: null, queuedAt: base.queuedAt } });
  });

  it('a parked ticket is held for the counter that parked it', () => {
    const parked = applyQueueAction(at('called'), { type: 'park', counterId: 'c1' }, ctx());
    expect(parked.ok && parked.ticket.reservedFor).toBe('c1');
    if (!parked.ok) return;
    expect(applyQueueAction(parked.ticket, { type: 'call', counterId: 'c2' }, ctx())).toEqual({
      ok: false,
      code: 'DK_ERR_QUEUE_RESERVED_ELSEWHERE',
    });
  });
});
