import type { DeviceKind } from '@dangky/core/admin';
import { eventEnvelope, type DomainEvent } from '@dangky/core/events';
import type { ServiceRules } from '@dangky/core/gates';
import type { AuthedDevice } from '../../auth/device-auth.ts';
import type { Queryable } from '../../db/db.ts';
import { openVault } from '../../privacy/registration-vault.ts';
import type { ServerKeys } from '../../privacy/server-keys.ts';
import type { Judged } from './judge-events.ts';
import type { Candidate, Results } from './results.ts';

/** Judges and writes one device's events (the push pipeline's middle, shared with the replay). */
export type IngestCandidates = (
  tx: Queryable,
  device: AuthedDevice,
  candidates: Candidate<DomainEvent>[],
  results: Results,
  rules: ServiceRules,
  keys: ServerKeys,
) => Promise<Judged>;

/**
 * The submissions a push just stored release the events a counter recorded for them while
 * offline: each counter's held events, in the order it made them, go through the same gates and
 * fold as if that counter pushed them now — so the registration ends up exactly as if the kiosk
 * had synced first. An event accepted leaves `held_events` for `events`; one refused stays held
 * with its code (the counter was told `accepted` long ago; a manager sees it there) and keeps its
 * sequence number taken.
 */
export async function replayHeld(
  tx: Queryable,
  submitted: readonly string[],
  rules: ServiceRules,
  keys: ServerKeys,
  ingest: IngestCandidates,
): Promise<void> {
  if (submitted.length === 0) return;
  // Taken out of custody first: while held, the already-stored and sequence gates would see them as taken.
  const rows = await tx.query<{
    event: unknown;
    registration_id: string;
    device_id: string;
    site_id: string;
    kind: DeviceKind;
    ticket_prefix: string | null;
    held_at: string;
  }>(
    `WITH released AS (DELETE FROM held_events WHERE registration_id = ANY($1::uuid[]) AND refused_code IS NULL RETURNING *)
     SELECT r.event, r.registration_id::text AS registration_id, r.device_id, d.site_id, d.kind, d.ticket_prefix, r.held_at::text AS held_at
     FROM released r JOIN devices d ON d.id = r.device_id ORDER BY r.device_id, r.seq`,
    [submitted],
  );
  const vault = await openVault(tx, keys, submitted, { create: false });
  const byDevice = new Map<string, { device: AuthedDevice; events: DomainEvent[]; heldAt: string[] }>();
  for (const row of rows) {
    const device = { id: row.device_id, siteId: row.site_id, kind: row.kind, ticketPrefix: row.ticket_prefix };
    const group = byDevice.get(row.device_id) ?? byDevice.set(row.device_id, { device, events: [], heldAt: [] }).get(row.device_id)!;
    group.events.push(eventEnvelope.parse(vault.open(row.registration_id, row.event)));
    group.heldAt.push(row.held_at);
  }
  for (const { device, events, heldAt } of byDevice.values()) {
    const results: Results = new Array(events.length);
    await ingest(
      tx,
      device,
      events.map((event, index) => ({ index, event })),
      results,
      rules,
      keys,
    );
    for (const [i, result] of results.entries()) {
      if (result?.status !== 'rejected') continue;
      const e = events[i]!;
      await tx.query(
        `INSERT INTO held_events (id, device_id, seq, site_id, registration_id, occurred_at, event, held_at, refused_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          e.id,
          e.deviceId,
          e.seq,
          device.siteId,
          e.payload.registrationId,
          e.occurredAt,
          vault.seal(e.payload.registrationId, e),
          heldAt[i],
          result.code,
        ],
      );
    }
  }
}
