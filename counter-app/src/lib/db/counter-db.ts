import { Dexie, type EntityTable } from 'dexie';
import type { DomainEvent } from '@dangky/core/events';
import type { RegistrationStatus } from '@dangky/core/schemas';
import type { Sealed } from '@dangky/web';

/**
 * The counter's one Dexie database. Versions are only ever appended (a counter PC may run an
 * older build's data), and every row read back is parsed before use (see the readers).
 *
 * - `settings`: small key/value facts — the pairing (secrets sealed), the pull cursor, the
 *   device's event sequence, the last successful sync.
 * - `keys`: the non-extractable AES-GCM key that seals personal data.
 * - `registrations`: the site's queue as the server last sent it; the draft (identity,
 *   contact) is sealed, only what the queue sorts and filters on is in clear.
 * - `outbox`: events written here and not yet acknowledged by the server (no personal data:
 *   ids, operator, counter, token serial, reason).
 * - `deadLetters`: events the server rejected, kept for a technician with the server's code.
 */
export interface SettingRow {
  key: string;
  value: unknown;
}

export interface KeyRow {
  id: string;
  key: CryptoKey;
}

export interface RegistrationRow {
  registrationId: string;
  status: RegistrationStatus;
  submittedAt: string;
  ticketNumber: string;
  ticketDay: string;
  version: number;
  /** The whole `RegistrationView`, sealed. */
  sealed: Sealed;
}

export interface OutboxRow {
  seq: number;
  id: string;
  registrationId: string;
  event: DomainEvent;
}

export interface DeadLetterRow {
  id: string;
  seq: number;
  event: DomainEvent;
  code: string;
  rejectedAt: string;
}

export class CounterDb extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  keys!: EntityTable<KeyRow, 'id'>;
  registrations!: EntityTable<RegistrationRow, 'registrationId'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  deadLetters!: EntityTable<DeadLetterRow, 'id'>;

  constructor(name = 'dangky-counter', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      settings: '&key',
      keys: '&id',
      registrations: '&registrationId, status, submittedAt, ticketDay',
      outbox: '&seq, &id, registrationId',
      deadLetters: '&id, seq',
    });
  }
}
