import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import { deskServiceOf, type DeskService } from '@dangky/core/queue';
import { hcmClock, hcmDay } from '@dangky/core/time';

/**
 * What one accepted event adds to the waiting-room statistics, on the Ho Chi Minh day and hour it
 * happened: a submission is an arrival (a priority arrival when the citizen asked for it); the first call of a ticket is a call with its wait
 * (submitted → called) — a later call of the same ticket is a recall, announced again but neither
 * a new call nor a new wait; an outcome is a completion with its service time (last call →
 * outcome); a cancellation is only counted (a citizen who left or a card that did not match is not
 * a service the wait estimate should learn from). A submission that says how long the citizen took
 * at the kiosk (`kioskSeconds`) also adds that time. The counter and clerk are the event's; an
 * outcome's counter is the one that called the ticket. Token care after issuance is not the
 * waiting room's.
 */
export interface QueueStatsDelta {
  day: string;
  /** 0 … 23, Ho Chi Minh time. */
  hour: number;
  siteId: string;
  desk: DeskService;
  /** The counter and clerk, for the per-counter table; `null` when no counter was involved. */
  counterId: string | null;
  operatorId: string | null;
  arrivals: number;
  priorityArrivals: number;
  called: number;
  completed: number;
  cancelled: number;
  waitSeconds: number | null;
  serviceSeconds: number | null;
  /** The submission's time at the kiosk (the booth-day planner's kiosk time), when it carries one. */
  kioskSeconds: number | null;
}

/** Never negative: two devices' clocks may disagree by a little. */
const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

export function queueStatsDelta(
  event: DomainEvent,
  before: RegistrationState | undefined,
  after: RegistrationState,
): QueueStatsDelta | null {
  const base: QueueStatsDelta = {
    day: hcmDay(event.occurredAt),
    hour: Number(hcmClock(event.occurredAt).slice(0, 2)),
    siteId: after.draft.siteId,
    desk: deskServiceOf(after.draft.service),
    counterId: null,
    operatorId: null,
    arrivals: 0,
    priorityArrivals: 0,
    called: 0,
    completed: 0,
    cancelled: 0,
    waitSeconds: null,
    serviceSeconds: null,
    kioskSeconds: null,
  };
  switch (event.type) {
    case 'registration.submitted':
      return {
        ...base,
        arrivals: 1,
        priorityArrivals: event.payload.priority === true ? 1 : 0,
        kioskSeconds: event.payload.kioskSeconds ?? null,
      };
    case 'registration.called':
      if (before?.calledAt) return null;
      return {
        ...base,
        counterId: event.payload.counterId,
        operatorId: event.payload.operatorId,
        called: 1,
        waitSeconds: seconds(after.submittedAt, event.occurredAt),
      };
    case 'registration.cancelled':
      return { ...base, counterId: before?.counterId ?? null, operatorId: event.payload.operatorId, cancelled: 1 };
    case 'token.issued':
    case 'remote.activated':
    case 'eid.level2.recorded':
      return {
        ...base,
        counterId: before?.counterId ?? null,
        operatorId: event.payload.operatorId,
        completed: 1,
        serviceSeconds: before?.calledAt ? seconds(before.calledAt, event.occurredAt) : null,
      };
    // Token care, the gate events and the queue's own moves (no-show, put-back, transfer, park)
    // are not outcomes: a transferred citizen is served — and counted — where they are sent.
    default:
      return null;
  }
}
