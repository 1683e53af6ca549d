import type { EntityTable } from 'dexie';
import type { RegistrationStatus } from '@dangky/core/schemas';
import { DeviceDb, type Sealed } from '@dangky/web';

/**
 * The counter's Dexie database: the device tables every browser device has (settings, keys,
 * outbox, dead letters — see web/src/device-db.ts) plus the site's queue.
 *
 * - `registrations`: the queue as the server last sent it; the draft (identity, contact) is
 *   sealed under a key of the registration's own (kept by the station's agent), only what the
 *   queue sorts and filters on is in clear. A finished registration leaves the counter soon
 *   after, and its key is forgotten (queue/registration-store.ts).
 */
export interface RegistrationRow {
  registrationId: string;
  status: RegistrationStatus;
  submittedAt: string;
  ticketNumber: string;
  ticketDay: string;
  version: number;
  /** When it was completed or cancelled (null while open): when it may leave the counter. */
  finishedAt?: string | null;
  /** The whole `RegistrationState`, sealed. */
  sealed: Sealed;
}

export class CounterDb extends DeviceDb {
  // `declare`, not `!`: a class field would overwrite the table Dexie set up in super().
  declare registrations: EntityTable<RegistrationRow, 'registrationId'>;

  constructor(name = 'dangky-counter', options?: ConstructorParameters<typeof DeviceDb>[2]) {
    super(name, { registrations: '&registrationId, status, submittedAt, ticketDay' }, options);
  }
}
