import { Dexie, type EntityTable } from 'dexie';
import type { DomainEvent } from '@dangky/core/events';
import type { Sealed } from './sealer.ts';

/**
 * The Dexie database every browser device has (kiosk or counter); an app adds its own tables
 * by passing their stores. Versions are only ever appended (a device may hold an older build's
 * data), and every row read back is parsed before use.
 *
 * - `settings`: small typed facts — the pairing (secrets sealed), the device's event sequence,
 *   the last successful sync, the pull cursor, the kiosk's ticket counter, this profile's
 *   row-key holder id and the keys still to be forgotten.
 * - `keys`: only in data of older builds — the one AES-GCM key they sealed with, kept in the
 *   profile (which is why rows are now sealed with keys the station's agent keeps, sealer.ts);
 *   read once to re-seal those rows, then deleted (legacy-sealing.ts).
 * - `outbox`: events written here and not yet acknowledged by the server. The payload is
 *   sealed under its own key: a kiosk's `registration.submitted` carries the citizen's
 *   identity and phone. The key is forgotten when the server acknowledges the event.
 * - `deadLetters`: events the server rejected, kept (still sealed) for a technician with its
 *   code, for a week (dead-letters.ts).
 */
export interface SettingRow {
  key: string;
  value: unknown;
}

export interface KeyRow {
  id: string;
  key: CryptoKey;
}

export interface OutboxRow {
  seq: number;
  id: string;
  deviceId: string;
  registrationId: string;
  type: DomainEvent['type'];
  occurredAt: string;
  /** The event's payload, sealed. */
  sealed: Sealed;
}

export interface DeadLetterRow extends OutboxRow {
  code: string;
  rejectedAt: string;
}

export class DeviceDb extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  keys!: EntityTable<KeyRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  deadLetters!: EntityTable<DeadLetterRow, 'id'>;

  constructor(name: string, appStores: Record<string, string> = {}, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      settings: '&key',
      keys: '&id',
      outbox: '&seq, &id, registrationId',
      deadLetters: '&id, seq',
      ...appStores,
    });
  }
}
