import { pushResponse, routes, deviceAuthorization } from '@dangky/core/protocol';
import { REPORT_EVERY_MS, deviceReport, type ReportSource } from './device-report.ts';
import type { DomainEvent } from '@dangky/core/events';
import type { PushOutcome } from '@dangky/core/sync';
import type { Table } from 'dexie';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';
import { pendingCount, pendingEvents } from './outbox.ts';
import type { Sealer } from './sealer.ts';
import { readSetting, writeSetting } from './settings.ts';
import { forgetLater, forgetQueued } from './forget-keys.ts';

/**
 * One push: the oldest events of the outbox, sent in sequence order; each answer applied on
 * its own. Accepted and duplicate events leave the outbox (a duplicate means an earlier push
 * got through and its answer was lost); a rejected one moves to `deadLetters` with the
 * server's code — it is the server's final word and must not block the events behind it.
 * Network errors and 5xx throw `DK_ERR_NETWORK` and leave the outbox untouched; the sync
 * machine retries with backoff. An acknowledged event's key is forgotten (queued in the same
 * transaction that deletes the row, then sent to the agent): the bytes IndexedDB may keep of
 * the deleted row can no longer be opened. A dead letter keeps its key until it expires.
 *
 * With a report source, every push carries the device's report (`device-report.ts`), and an
 * empty outbox still pushes the report alone once a minute (the sync machine's watchdog calls
 * this every 15 s), so the fleet page sees a quiet device as alive.
 */

/**
 * A device that keeps its own views of what it pushed (the counter's queue) folds each event the
 * server accepted into them in the transaction that takes it out of the outbox. Without it the
 * event would be missing from the view from that moment until the next pull brings the server's
 * version back: a clerk who looks again right after a push sees the step undone.
 */
export interface AcknowledgedSink {
  /** The tables the write touches, joined to the outbox's transaction. */
  readonly tables: readonly Table[];
  /** Runs before the transaction (sealing awaits the agent or Web Crypto); what it returns runs inside it. */
  prepare(events: readonly DomainEvent[]): Promise<() => Promise<void>>;
}

export interface DeviceCredentials {
  server: string;
  deviceId: string;
  deviceSecret: string;
}

export const PUSH_BATCH_SIZE = 200;

export async function pushBatch(
  db: DeviceDb,
  sealer: Sealer,
  device: DeviceCredentials,
  options: { fetch?: typeof fetch; batchSize?: number; report?: ReportSource; acknowledged?: AcknowledgedSink; now?: () => Date } = {},
): Promise<PushOutcome> {
  const now = options.now ?? (() => new Date());
  const batch = await pendingEvents(db, sealer, options.batchSize ?? PUSH_BATCH_SIZE);
  const lastReportedAt = options.report ? await readSetting(db, 'lastReportedAt') : undefined;
  const reportDue = options.report !== undefined && (!lastReportedAt || now().getTime() - Date.parse(lastReportedAt) >= REPORT_EVERY_MS);
  if (batch.length === 0 && !reportDue) return { sent: 0, remaining: 0, at: now().toISOString() };
  const report = options.report ? await deviceReport(db, options.report, now()) : undefined;
  const answer = await requestJson(device.server, routes.push, pushResponse, {
    method: 'POST',
    authorization: deviceAuthorization(device.deviceId, device.deviceSecret),
    body: { deviceId: device.deviceId, events: batch, ...(report ? { report } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (report) await writeSetting(db, 'lastReportedAt', answer.serverTime);
  if (batch.length === 0) return { sent: 0, remaining: await pendingCount(db), at: answer.serverTime };
  const sent = new Set(batch.map((e) => e.id));
  const accepted = new Set(answer.results.flatMap((r) => (r.status === 'accepted' ? [r.id] : [])));
  const acceptedEvents = batch.filter((e) => accepted.has(e.id));
  // Folding is a courtesy to the view: when it cannot be prepared, the next pull brings the server's version.
  const fold =
    options.acknowledged && acceptedEvents.length > 0 ? await options.acknowledged.prepare(acceptedEvents).catch(() => null) : null;
  const tables = [db.outbox, db.deadLetters, db.settings, ...(fold ? (options.acknowledged?.tables ?? []) : [])];
  await db.transaction('rw', tables, async () => {
    const acknowledged: string[] = [];
    for (const result of answer.results) {
      if (!sent.has(result.id)) continue;
      const row = await db.outbox.where('id').equals(result.id).first();
      if (!row) continue;
      if (result.status === 'rejected') await db.deadLetters.put({ ...row, code: result.code, rejectedAt: answer.serverTime });
      else acknowledged.push(row.sealed.keyId);
      await db.outbox.delete(row.seq);
    }
    await forgetLater(db, acknowledged);
    await fold?.();
    await writeSetting(db, 'lastSyncedAt', answer.serverTime);
  });
  // The queue stays for the next sync when the agent does not answer now.
  await forgetQueued(db, sealer).catch(() => undefined);
  return { sent: answer.results.length, remaining: await pendingCount(db), at: answer.serverTime };
}
