import type { DeskService } from './desk.ts';

/**
 * A ticket as the waiting room sees it — no name, no ID number: the display, the estimator and
 * the call order need only the number, the desk, the priority flag and where the ticket stands.
 *
 *   waiting ──call──► called ──finish──► done
 *     ▲  ▲              │ │ │
 *     │  └──transfer────┘ │ └──no-show──► no-show ──(grace over)──► lapsed (done)
 *     │                   │                │ └──recall──► called
 *     │  parked ◄──park───┘                └──put-back──► waiting
 *     └──────── (call) ◄──┘
 */
export type QueueTicketStatus = 'waiting' | 'parked' | 'called' | 'no-show' | 'done';

export interface QueueTicket {
  registrationId: string;
  /** `A-012`: what the display shows and the announcement reads. */
  ticketNumber: string;
  /** The desk it waits for now (a transfer to another service changes it). */
  service: DeskService;
  /** Asked for at the kiosk (elderly, disability, pregnancy, with a child): one tap, no proof. */
  priority: boolean;
  status: QueueTicketStatus;
  /**
   * Its place in the queue, ms since the epoch: when it first entered. Kept across a transfer, a
   * park and a put-back, so a citizen sent to another desk does not start again at the back.
   */
  queuedAt: number;
  /** Only this counter may call it (transferred to a counter, or parked there); `null` = any counter of its desk. */
  reservedFor: string | null;
  /** The counter that called it (while called, parked or no-show). */
  counterId: string | null;
  /** When the clerk marked it a no-show (the grace period runs from here). */
  noShowAt: number | null;
  /** How many times it was announced (the first call and every recall). */
  announcements: number;
  /** The last transfer's note for the next clerk ("thiếu bản sao CCCD"). */
  transferNote: string | null;
  /** When it was last called (ms), for service and waiting times. */
  calledAt: number | null;
}

/** A new ticket, as the kiosk submits it. */
export const newQueueTicket = (
  fields: Pick<QueueTicket, 'registrationId' | 'ticketNumber' | 'service' | 'priority' | 'queuedAt'>,
): QueueTicket => ({
  ...fields,
  status: 'waiting',
  reservedFor: null,
  counterId: null,
  noShowAt: null,
  announcements: 0,
  transferNote: null,
  calledAt: null,
});
