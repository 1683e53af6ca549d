import { applyEvent, registrationState, type DomainEvent, type RegistrationState } from '@dangky/core/events';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import type { CounterDb, RegistrationRow } from '../db/counter-db.ts';
import { forgetLater, forgetQueued, openOutboxRow, type AcknowledgedSink, type OutboxRow, type Sealer } from '@dangky/web';

/**
 * The site's registrations on this counter. What the server sent is stored sealed, each
 * registration under a key of its own that every later version reuses; what the clerk did since
 * (events still in the outbox) is folded over it on read with the same `applyEvent` the server
 * uses, so the queue shows a call or an outcome at once, online or not, and falls back to the
 * server's word when an event is rejected.
 *
 * Personal data is kept no longer than the work needs it: a registration finished (completed or
 * cancelled) more than `FINISHED_KEPT_MS` ago leaves the counter once nothing about it waits to
 * sync, and its key is forgotten — the bytes IndexedDB may keep of it no longer open. One
 * finished that long ago is not stored at all. Looking up a citizen later (token care) is the
 * server's job.
 */
export const FINISHED_KEPT_MS = 15 * 60_000;

const finishedAt = (v: RegistrationState, now: Date): string | null =>
  v.status === 'completed' || v.status === 'cancelled' ? (v.completedAt ?? now.toISOString()) : null;

const rowOf = (v: RegistrationState, sealed: RegistrationRow['sealed'], now: Date): RegistrationRow => ({
  registrationId: v.registrationId,
  status: v.status,
  submittedAt: v.submittedAt,
  ticketNumber: v.draft.ticket.number,
  ticketDay: v.draft.ticket.day,
  version: v.version,
  finishedAt: finishedAt(v, now),
  sealed,
});

export async function mergeRegistrations(
  db: CounterDb,
  sealer: Sealer,
  views: readonly RegistrationState[],
  now: Date = new Date(),
): Promise<void> {
  if (views.length === 0) return;
  const cutoff = now.getTime() - FINISHED_KEPT_MS;
  const existing = new Map(
    (await db.registrations.bulkGet(views.map((v) => v.registrationId))).flatMap((r) => (r ? [[r.registrationId, r]] : [])),
  );
  const wanted = views.filter((v) => {
    const done = finishedAt(v, now);
    return existing.has(v.registrationId) || done === null || Date.parse(done) >= cutoff;
  });
  // Seal first (IndexedDB commits a transaction that awaits the agent or Web Crypto), under the row's key when it has one.
  const sealOne = async (v: RegistrationState) => {
    const keyId = existing.get(v.registrationId)?.sealed.keyId;
    try {
      return await sealer.seal(v, keyId ? { keyId } : {});
    } catch (error) {
      if (keyId && errorCodeOf(error) === 'DK_ERR_ROW_KEY_FORGOTTEN') return sealer.seal(v);
      throw error;
    }
  };
  const rows: RegistrationRow[] = await Promise.all(wanted.map(async (v) => rowOf(v, await sealOne(v), now)));
  await db.transaction('rw', db.registrations, db.settings, async () => {
    const unused: string[] = [];
    for (const row of rows) {
      const stored = await db.registrations.get(row.registrationId);
      if (stored && stored.version > row.version) unused.push(row.sealed.keyId);
      else {
        if (stored && stored.sealed.keyId !== row.sealed.keyId) unused.push(stored.sealed.keyId);
        await db.registrations.put(row);
      }
    }
    await forgetLater(db, unused);
  });
}

/**
 * The events the server accepted, folded into the stored views as they leave the outbox (see
 * `AcknowledgedSink`): the view keeps them until the pull brings the server's own version, which
 * replaces it (same or later version). A row a pull changed meanwhile is left as the pull stored it.
 */
export function foldAcknowledged(db: CounterDb, sealer: Sealer, now: () => Date = () => new Date()): AcknowledgedSink {
  return {
    tables: [db.registrations],
    async prepare(events) {
      const ids = [...new Set(events.map((e) => e.payload.registrationId))];
      const stored = (await db.registrations.bulkGet(ids)).filter((row) => row !== undefined);
      const folded = await Promise.all(
        // A row that does not open, or whose key is gone, waits for the pull instead.
        stored
          .map(async (row) => {
            const view = await openRegistration(row, sealer);
            const [next] = withPending([view], events);
            if (!next || next.version === view.version) return null;
            return { base: row.version, row: rowOf(next, await sealer.seal(next, { keyId: row.sealed.keyId }), now()) };
          })
          .map((folding) => folding.catch(() => null)),
      );
      return async () => {
        for (const f of folded) {
          if (f && (await db.registrations.get(f.row.registrationId))?.version === f.base) await db.registrations.put(f.row);
        }
      };
    },
  };
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

/**
 * Finished registrations leave the counter `FINISHED_KEPT_MS` after they finished, once no
 * local event about them is waiting to sync; their keys are forgotten (queued in the same
 * transaction, then sent to the agent).
 */
export async function purgeFinished(db: CounterDb, sealer: Sealer, now: Date = new Date()): Promise<number> {
  const cutoff = now.getTime() - FINISHED_KEPT_MS;
  const removed = await db.transaction('rw', db.registrations, db.outbox, db.settings, async () => {
    const finished = await db.registrations.where('status').anyOf('completed', 'cancelled').toArray();
    const gone: RegistrationRow[] = [];
    for (const row of finished) {
      // A row of an older build has no finishing time: its day is over, or it goes now.
      if (row.finishedAt && Date.parse(row.finishedAt) >= cutoff) continue;
      if ((await db.outbox.where('registrationId').equals(row.registrationId).count()) > 0) continue;
      await db.registrations.delete(row.registrationId);
      gone.push(row);
    }
    await forgetLater(
      db,
      gone.map((row) => row.sealed.keyId),
    );
    return gone.length;
  });
  if (removed) await forgetQueued(db, sealer).catch(() => undefined);
  return removed;
}
