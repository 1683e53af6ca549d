import type { EntityTable } from 'dexie';
import type { RegistrationStatus } from '@dangky/core/schemas';
import { DeviceDb, type Sealed } from '@dangky/web';

/**
 * The counter's Dexie database: the device tables every browser device has (settings, keys,
 * outbox, dead letters — see web/src/device-db.ts) plus the site's queue.
 *
 * - `registrations`: the queue as the server last sent it; the draft (identity, contact) is
 *   sealed, only what the queue sorts and filters on is in clear.
 */
export interface RegistrationRow {
  registrationId: string;
  status: RegistrationStatus;
  submittedAt: string;
  ticketNumber: string;
  ticketDay: string;
  version: number;
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
