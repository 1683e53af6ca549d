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
}

/**
 * What an accepted event adds to the manager's counts: a submission counts on the Ho Chi Minh
 * day it was made, an outcome on the day it was recorded, with who recorded it.
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
  };
  switch (event.type) {
    case 'registration.submitted':
      return { ...base, submitted: 1 };
    case 'registration.called':
    case 'token.pin-unblocked':
    case 'token.revoked':
      return null;
    case 'registration.cancelled':
      return { ...base, operatorId: event.payload.operatorId, cancelled: 1 };
    default:
      return { ...base, operatorId: event.payload.operatorId, completed: 1 };
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
    } else byKey.set(key, { ...d });
  }
  return [...byKey.values()];
}
