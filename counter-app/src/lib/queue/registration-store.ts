import { applyEvent, registrationState, type DomainEvent, type RegistrationState } from '@dangky/core/events';
import { DangkyError } from '@dangky/core/errors';
import type { CounterDb, RegistrationRow } from '../db/counter-db.ts';
import { openOutboxRow, type OutboxRow, type Sealer } from '@dangky/web';

/**
 * The site's registrations on this counter. What the server sent is stored sealed; what the
 * clerk did since (events still in the outbox) is folded over it on read with the same
 * `applyEvent` the server uses, so the queue shows a call or an outcome at once, online or not,
 * and falls back to the server's word when an event is rejected.
 */
export async function mergeRegistrations(db: CounterDb, sealer: Sealer, views: readonly RegistrationState[]): Promise<void> {
  if (views.length === 0) return;
  // Seal first: IndexedDB commits a transaction that awaits Web Crypto.
  const rows = await Promise.all(
    views.map(async (v) => ({
      registrationId: v.registrationId,
      status: v.status,
      submittedAt: v.submittedAt,
      ticketNumber: v.draft.ticket.number,
      ticketDay: v.draft.ticket.day,
      version: v.version,
      sealed: await sealer.seal(v),
    })),
  );
  await db.transaction('rw', db.registrations, async () => {
    for (const row of rows) {
      const existing = await db.registrations.get(row.registrationId);
      if (!existing || existing.version <= row.version) await db.registrations.put(row);
    }
  });
}

/** Apply the outbox's events to the stored views; an event that no longer fits is left to the server. */
export function withPending(views: readonly RegistrationState[], pending: readonly DomainEvent[]): RegistrationState[] {
  const byId = new Map<string, RegistrationState>(views.map((v) => [v.registrationId, v]));
  for (const event of pending) {
    const current = byId.get(event.payload.registrationId);
    if (!current) continue;
    const next = applyEvent(current, event);
    if (next.ok) byId.set(event.payload.registrationId, next.state);
  }
  return [...byId.values()];
}

/** What the queue is made of, as Dexie holds it: the stored views and the outbox, both sealed. */
export interface StoredQueue {
  rows: RegistrationRow[];
  pending: OutboxRow[];
}

/** Dexie reads only, so a live query can track them (and re-run when sync or the clerk writes). */
export async function readQueueRows(db: CounterDb): Promise<StoredQueue> {
  const [rows, pending] = await Promise.all([db.registrations.toArray(), db.outbox.orderBy('seq').toArray()]);
  return { rows, pending };
}

/** The stored rows opened and parsed, the outbox folded over them: the queue as the counter should show it now. */
export async function openQueue(stored: StoredQueue, sealer: Sealer): Promise<RegistrationState[]> {
  const [views, pending] = await Promise.all([
    Promise.all(stored.rows.map((row) => openRegistration(row, sealer))),
    Promise.all(stored.pending.map((row) => openOutboxRow(row, sealer))),
  ]);
  return withPending(views, pending);
}

async function openRegistration(row: RegistrationRow, sealer: Sealer): Promise<RegistrationState> {
  let opened: unknown;
  try {
    opened = await sealer.open(row.sealed);
  } catch (cause) {
    throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause, detail: { table: 'registrations' } });
  }
  const parsed = registrationState.safeParse(opened);
  if (!parsed.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause: parsed.error, detail: { table: 'registrations' } });
  return parsed.data;
}

/** Every stored registration as the counter should show it now. */
export const readRegistrations = async (db: CounterDb, sealer: Sealer): Promise<RegistrationState[]> =>
  openQueue(await readQueueRows(db), sealer);

/** Queue order: first submitted first (ticket numbers of two kiosks interleave), ticket number as tie-break. */
export const queueOrder = (a: RegistrationState, b: RegistrationState): number =>
  a.submittedAt === b.submittedAt
    ? a.draft.ticket.number.localeCompare(b.draft.ticket.number)
    : Date.parse(a.submittedAt) - Date.parse(b.submittedAt);

/** The tickets still to serve: called ones first (someone is walking to a counter), then waiting in order. */
export function openTickets(views: readonly RegistrationState[]): RegistrationState[] {
  const open = views.filter((v) => v.status === 'waiting' || v.status === 'called');
  return open.sort((a, b) => (a.status === b.status ? queueOrder(a, b) : a.status === 'called' ? -1 : 1));
}

export const nextWaiting = (views: readonly RegistrationState[]): RegistrationState | null =>
  views.filter((v) => v.status === 'waiting').sort(queueOrder)[0] ?? null;

/**
 * Personal data is kept no longer than needed: finished registrations of earlier days leave
 * the counter once no local event about them is waiting to sync.
 */
export async function purgeFinished(db: CounterDb, today: string): Promise<number> {
  return db.transaction('rw', db.registrations, db.outbox, async () => {
    const old = await db.registrations.where('ticketDay').below(today).toArray();
    let removed = 0;
    for (const row of old) {
      if (row.status !== 'completed' && row.status !== 'cancelled') continue;
      if ((await db.outbox.where('registrationId').equals(row.registrationId).count()) > 0) continue;
      await db.registrations.delete(row.registrationId);
      removed++;
    }
    return removed;
  });
}
