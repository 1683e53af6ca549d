import type { DomainEvent } from '@dangky/core/events';

/** JSON with every object's keys in order, so two equal values give one text whatever order built them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What an event says, as stored (its columns and its opened payload) or as sent again. */
export interface EventContent {
  type: string;
  seq: number;
  occurredAt: string;
  payload: unknown;
}

/** Whether an event sent again says exactly what the stored one with its id says (the same instant in any offset). */
export const sameEvent = (stored: EventContent, sent: DomainEvent): boolean =>
  stored.type === sent.type &&
  Number(stored.seq) === sent.seq &&
  Date.parse(stored.occurredAt) === Date.parse(sent.occurredAt) &&
  canonicalJson(stored.payload) === canonicalJson(sent.payload);
