import { newQueueTicket, type QueueTicket } from './queue-ticket.ts';

/** For the queue's tests: ticket `A-00n` of the token desk, queued `minute` minutes after 09:00 on a test day. */
export const TEST_DAY_START = Date.parse('2026-03-02T02:00:00Z');

export const testTicket = (n: number, minute: number, extra: Partial<QueueTicket> = {}): QueueTicket => ({
  ...newQueueTicket({
    registrationId: `r${n}`,
    ticketNumber: `A-${String(n).padStart(3, '0')}`,
    service: 'token',
    priority: false,
    queuedAt: TEST_DAY_START + minute * 60_000,
  }),
  ...extra,
});
