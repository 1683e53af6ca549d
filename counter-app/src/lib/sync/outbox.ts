import { eventEnvelope, uuidv7, type DomainEvent, type EventPayload, type EventType } from '@dangky/core/events';
import { DangkyError } from '@dangky/core/errors';
import type { CounterDb, OutboxRow } from '../db/counter-db.ts';
import { readSetting, writeSetting } from '../db/settings.ts';

/**
 * Appending to the outbox: the event gets a UUIDv7 and the device's next sequence number in
 * the same Dexie transaction that stores it, so a crash cannot leave a gap or reuse a number.
 * The envelope is parsed by the core schema before it is stored — a bad event is refused here,
 * at the counter, not discovered later by the server.
 */
export interface AppendOptions<T extends EventType> {
  deviceId: string;
  type: T;
  payload: EventPayload<T>;
  now?: Date;
}

export async function appendEvent<T extends EventType>(db: CounterDb, options: AppendOptions<T>): Promise<DomainEvent> {
  const now = options.now ?? new Date();
  return db.transaction('rw', db.settings, db.outbox, async () => {
    const seq = ((await readSetting(db, 'deviceSeq')) ?? 0) + 1;
    const parsed = eventEnvelope.safeParse({
      v: 1,
      id: uuidv7({ now: now.getTime() }),
      deviceId: options.deviceId,
      seq,
      occurredAt: now.toISOString(),
      type: options.type,
      payload: options.payload,
    });
    if (!parsed.success) throw new DangkyError('DK_ERR_EVENT_INVALID', { cause: parsed.error, detail: { type: options.type } });
    const event = parsed.data;
    await db.outbox.add({ seq, id: event.id, registrationId: event.payload.registrationId, event });
    await writeSetting(db, 'deviceSeq', seq);
    return event;
  });
}

export const pendingCount = (db: CounterDb): Promise<number> => db.outbox.count();

export const pendingEvents = (db: CounterDb, limit = Infinity): Promise<OutboxRow[]> =>
  db.outbox.orderBy('seq').limit(limit).toArray();
