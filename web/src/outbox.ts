import { eventEnvelope, uuidv7, type DomainEvent, type EventPayload, type EventType } from '@dangky/core/events';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import type { DeviceDb, OutboxRow } from './device-db.ts';
import type { Sealer } from './sealer.ts';
import { readSetting, writeSetting } from './settings.ts';

/**
 * Appending to the outbox. The envelope is parsed by the core schema first — a bad event is
 * refused here, on the device, not discovered later by the server. The payload is sealed under
 * a key of its own (forgotten when the server acknowledges the event: push-batch.ts) before
 * the Dexie transaction (IndexedDB commits a transaction that awaits anything else,
 * WebCrypto included); inside it the event gets the device's next sequence number, so a crash
 * cannot leave a gap or reuse a number.
 */
export interface AppendOptions<T extends EventType> {
  deviceId: string;
  type: T;
  payload: EventPayload<T>;
  now?: Date;
}

export async function appendEvent<T extends EventType>(db: DeviceDb, sealer: Sealer, options: AppendOptions<T>): Promise<DomainEvent> {
  const now = options.now ?? new Date();
  const draft = {
    v: 1,
    id: uuidv7({ now: now.getTime() }),
    deviceId: options.deviceId,
    occurredAt: now.toISOString(),
    type: options.type,
    payload: options.payload,
  };
  // Sequence 1 stands in for the real one while checking: the schema only needs it positive.
  const checked = eventEnvelope.safeParse({ ...draft, seq: 1 });
  if (!checked.success) throw new DangkyError('DK_ERR_EVENT_INVALID', { cause: checked.error, detail: { type: options.type } });
  const parsed = checked.data;
  const sealed = await sealer.seal(parsed.payload);
  return db.transaction('rw', db.settings, db.outbox, async () => {
    const seq = ((await readSetting(db, 'deviceSeq')) ?? 0) + 1;
    await db.outbox.add({
      seq,
      id: parsed.id,
      deviceId: parsed.deviceId,
      registrationId: parsed.payload.registrationId,
      type: parsed.type,
      occurredAt: parsed.occurredAt,
      sealed,
    });
    await writeSetting(db, 'deviceSeq', seq);
    return { ...parsed, seq } as DomainEvent;
  });
}

/** A stored row back to its event, parsed again: a row that does not open or parse is an error. */
export async function openOutboxRow(row: OutboxRow, sealer: Sealer): Promise<DomainEvent> {
  let payload: unknown;
  try {
    payload = await sealer.open(row.sealed);
  } catch (cause) {
    // An agent that is not there is not a bad row: the push waits for it and retries.
    if (errorCodeOf(cause) === 'DK_ERR_KEY_STORE_UNAVAILABLE') throw cause;
    throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause, detail: { table: 'outbox' } });
  }
  const parsed = eventEnvelope.safeParse({
    v: 1,
    id: row.id,
    deviceId: row.deviceId,
    seq: row.seq,
    occurredAt: row.occurredAt,
    type: row.type,
    payload,
  });
  if (!parsed.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause: parsed.error, detail: { table: 'outbox' } });
  return parsed.data;
}

export const pendingCount = (db: DeviceDb): Promise<number> => db.outbox.count();

export async function pendingEvents(db: DeviceDb, sealer: Sealer, limit = Infinity): Promise<DomainEvent[]> {
  const rows = await db.outbox.orderBy('seq').limit(limit).toArray();
  return Promise.all(rows.map((row) => openOutboxRow(row, sealer)));
}
