import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import { hcmDay } from '@dangky/core/time';

/** One change to the daily-counts projection; '' where a dimension does not apply. */
export interface CountDelta {
  day: string;
  siteId: string;
  service: string;
  channel: string;
  providerId: string;
  operatorId: string;
  submitted: number;
  completed: number;
  cancelled: number;
  /** e-ID level-2 applications the officer approved or refused, on the day the counter recorded it. */
  eidApproved: number;
  eidRefused: number;
}

/**
 * What an accepted event adds to the manager's counts: a submission counts on the Ho Chi Minh
 * day it was made, an outcome on the day it was recorded, with who recorded it, and an e-ID
 * level-2 result (approved or refused; "still pending" changes nothing) on the day it was
 * recorded. Everything else a counter records while serving (a call, a chip read, an approval, a
 * correction, a no-show) and token care count nothing.
 */
export function countDelta(event: DomainEvent, after: RegistrationState): CountDelta | null {
  const { service, siteId } = after.draft;
  const base = {
    day: hcmDay(event.occurredAt),
    siteId,
    service: service.kind,
    channel: service.kind === 'digital-signature' ? service.channel : '',
    providerId: service.kind === 'digital-signature' ? service.providerId : '',
    operatorId: '',
    submitted: 0,
    completed: 0,
    cancelled: 0,
    eidApproved: 0,
    eidRefused: 0,
  };
  switch (event.type) {
    case 'registration.submitted':
      return { ...base, submitted: 1 };
    case 'registration.cancelled':
      return { ...base, operatorId: event.payload.operatorId, cancelled: 1 };
    case 'token.issued':
    case 'remote.activated':
    case 'eid.level2.recorded':
      return { ...base, operatorId: event.payload.operatorId, completed: 1 };
    case 'eid.level2.result-recorded':
      if (event.payload.result === 'pending') return null;
      return {
        ...base,
        operatorId: event.payload.operatorId,
        eidApproved: event.payload.result === 'approved' ? 1 : 0,
        eidRefused: event.payload.result === 'refused' ? 1 : 0,
      };
    default:
      return null;
  }
}

/** Sums deltas with the same key, so one batch makes one upsert row per key. */
export function mergeDeltas(deltas: CountDelta[]): CountDelta[] {
  const byKey = new Map<string, CountDelta>();
  for (const d of deltas) {
    const key = [d.day, d.siteId, d.service, d.channel, d.providerId, d.operatorId].join('\u0000');
    const prev = byKey.get(key);
    if (prev) {
      prev.submitted += d.submitted;
      prev.completed += d.completed;
      prev.cancelled += d.cancelled;
      prev.eidApproved += d.eidApproved;
      prev.eidRefused += d.eidRefused;
    } else byKey.set(key, { ...d });
  }
  return [...byKey.values()];
}
