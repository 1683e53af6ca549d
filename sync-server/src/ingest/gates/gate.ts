import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import type { ErrorCode } from '@dangky/core/errors';
import type { ServiceRules } from '@dangky/core/gates';
import type { EventTimeWindow } from '@dangky/core/events';
import type { AuthedDevice } from '../../auth/device-auth.ts';
import type { Queryable } from '../../db/db.ts';
import type { ServerKeys } from '../../privacy/server-keys.ts';

/**
 * The shape every per-event check of a push takes. A gate is prepared once per batch — it may
 * read what it needs in one set-based query inside the push's transaction — and then judges the
 * batch's events one by one, in order. The gates prepare side by side, and their first look-ups
 * go to the database as one statement (`db/lookups-as-one.ts`): a timestamp may come as text.
 * Gates that must see earlier events of the same batch (a ticket or certificate taken two events
 * ago) learn of each accepted event through `accepted`.
 *
 * Adding a check to push ingest is one file exporting a `PrepareGate` and one line in
 * `gates/index.ts`.
 */
export interface Batch {
  device: AuthedDevice;
  /** The events that passed the envelope screen, in the order the device sent them. */
  events: readonly DomainEvent[];
  /** Registration states as stored before this batch, by registration id. */
  stored: ReadonlyMap<string, RegistrationState>;
  /** The configured ages, free-certificate rule and no-show grace the gates decide with. */
  rules: ServiceRules;
  /** Registrations whose personal data was erased: nothing more is recorded about them. */
  erased: ReadonlySet<string>;
  /**
   * The server's keys, to open what was stored sealed (an event id sent again is compared with it)
   * and to find a citizen's holdings by the keyed hash of the ID number.
   */
  keys: ServerKeys;
  /**
   * The server's clock and how far from it an event's time may lie; absent when held events are
   * judged again (their time was judged when they arrived).
   */
  clock?: { now: Date; window: EventTimeWindow };
  /** Whether a `token.issued` must name a token its site holds in stock (`TOKEN_STOCK_CHECK`; off for the demo). */
  tokenStockCheck: boolean;
}

/**
 * What one gate says about one event: pass (null), already stored, refused with a code, or held
 * until its registration's submission arrives (`held_events`).
 */
export type Verdict = null | { status: 'duplicate' } | { status: 'held' } | { status: 'rejected'; code: ErrorCode; why?: string };

export interface EventGate {
  /** `state` is the registration as it stands before this event, earlier events of the batch included. */
  check(event: DomainEvent, state: RegistrationState | undefined): Verdict;
  /** Called for each event the whole pipeline accepted, with the registration after it. */
  accepted?(event: DomainEvent, after: RegistrationState): void;
}

export type PrepareGate = (tx: Queryable, batch: Batch) => Promise<EventGate>;

export const refuse = (code: ErrorCode, why?: string): Verdict => ({ status: 'rejected', code, ...(why ? { why } : {}) });
