import type { DeviceKind } from '@dangky/core/admin';
import { eventEnvelope, type DomainEvent } from '@dangky/core/events';
import type { ServiceRules } from '@dangky/core/gates';
import type { AuthedDevice } from '../../auth/device-auth.ts';
import type { Queryable } from '../../db/db.ts';
import { openVault } from '../../privacy/registration-vault.ts';
import type { ServerKeys } from '../../privacy/server-keys.ts';
import type { Statement } from '../../db/one-statement.ts';
import type { Judged } from './judge-events.ts';
import type { Candidate, Results } from './results.ts';

/** What a push's middle returns: what it judged, and the held events its submissions released. */
export interface Ingested extends Judged {
  /** Held events of the registrations this batch submitted, taken out of custody by its write: judged next (`replayHeld`). */
  released: HeldRow[];
}

/** Judges and writes one device's events (the push pipeline's middle, shared with the replay). */
export type IngestCandidates = (
  tx: Queryable,
  device: AuthedDevice,
  candidates: Candidate<DomainEvent>[],
  results: Results,
  rules: ServiceRules,
  keys: ServerKeys,
) => Promise<Ingested>;

/** A held event, with the device that recorded it, as read for its release. */
export interface HeldRow {
  id: string;
  event: unknown;
  registration_id: string;
  device_id: string;
  site_id: string;
  kind: DeviceKind;
  ticket_prefix: string | null;
  held_at: string;
}

/**
 * The events counters recorded offline for these registrations and hold until their submission
 * arrives, in each counter's order. Read with the push's first look-ups, for the submissions it
 * carries; the site's lock keeps them as read until the push's write takes out those it released.
 */
export async function readHeld(tx: Queryable, registrationIds: readonly string[]): Promise<HeldRow[]> {
  if (registrationIds.length === 0) return [];
  return tx.query<HeldRow>(
    `SELECT h.id::text AS id, h.event, h.registration_id::text AS registration_id, h.device_id, d.site_id, d.kind, d.ticket_prefix,
       h.held_at::text AS held_at
     FROM held_events h JOIN devices d ON d.id = h.device_id
     WHERE h.registration_id = ANY($1::uuid[]) AND h.refused_code IS NULL ORDER BY h.device_id, h.seq`,
    [[...new Set(registrationIds)]],
  );
}

/**
 * Takes the released events out of custody, as part of the push's write (one round trip): while
 * held, the already-stored and sequence gates would see them as taken when they are judged next.
 */
export function releaseHeldStatement(released: readonly HeldRow[]): Statement | null {
  if (released.length === 0) return null;
  return { text: 'DELETE FROM held_events WHERE id = ANY($1::uuid[])', params: [released.map((r) => r.id)] };
}

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
  released: readonly HeldRow[],
  rules: ServiceRules,
  keys: ServerKeys,
  ingest: IngestCandidates,
): Promise<void> {
  if (released.length === 0) return;
  const vault = await openVault(
    tx,
    keys,
    released.map((r) => r.registration_id),
    { create: false },
  );
  const byDevice = new Map<string, { device: AuthedDevice; events: DomainEvent[]; heldAt: string[] }>();
  for (const row of released) {
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
