import { randomBytes } from 'node:crypto';
import { DangkyError } from '@dangky/core/errors';
import {
  ENROLMENT_CODE_TTL_MS,
  enrolmentCodeFrom,
  formatEnrolmentCode,
  normaliseEnrolmentCode,
  scopeOf,
  sortFleet,
  type DeviceKind,
} from '@dangky/core/admin';
import {
  deviceUpdate,
  enrolmentRequest,
  type EnrolResponse,
  type EnrolmentCode,
  type FleetDevice,
  type FleetResponse,
} from '@dangky/core/protocol';
import type { z } from 'zod';
import { counterSetting, counterSettingProblem, type CounterSetting, type QueueCounter } from '@dangky/core/queue';
import type { Db, Queryable } from '../db/db.ts';
import { readOne, type Read } from '../db/one-statement.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { newSecret, sha256 } from '../auth/secrets.ts';
import { byActor, requireInScope, requireMay, type Actor } from './actor.ts';
import { sitePlace, sitesInScopeSql } from './site-rows.ts';

/**
 * Kiosks and counters: enrolment by one-time code, rename, move, secret rotation, revocation,
 * and the fleet as the devices reported themselves on their last sync.
 *
 * A code is stored as a digest, lives 15 minutes and is used once (the redeeming transaction
 * locks its row, so two devices racing with one code get one device). The device secret is made
 * when the code is redeemed and answered to that device only. Rotation retires the secret at
 * once (kept as `previous_secret_sha256`, so the device that still holds it is told it is no
 * longer enrolled) and hands out a code for the same device; revocation keeps the secret so the
 * device is recognised and told the same.
 */
type Kind = DeviceKind;

export async function createEnrolment(
  db: Db,
  actor: Actor,
  raw: z.input<typeof enrolmentRequest>,
  now = new Date(),
): Promise<EnrolmentCode> {
  requireMay(actor, 'devices', 'write');
  const req = enrolmentRequest.parse(raw);
  return db.transaction(async (tx) => {
    const place = await sitePlace(tx, req.siteId);
    requireInScope(actor, place);
    // One enrolment at a time per site: ids and ticket prefixes are chosen under this lock.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`enrol:${req.siteId}`]);
    const deviceId = await nextDeviceId(tx, req.kind, req.siteId);
    const ticketPrefix = req.kind === 'kiosk' ? await freeTicketPrefix(tx, req.siteId, req.ticketPrefix) : null;
    const code = await issueCode(tx, actor, { deviceId, siteId: req.siteId, kind: req.kind, name: req.name, ticketPrefix }, now);
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'device.enrolment-created',
      siteId: req.siteId,
      provinceCode: place.provinceCode,
      target: `device:${deviceId}`,
      detail: { kind: req.kind },
    });
    return code;
  });
}

async function issueCode(
  tx: Queryable,
  actor: Actor,
  d: { deviceId: string; siteId: string; kind: Kind; name: string; ticketPrefix: string | null },
  now: Date,
): Promise<EnrolmentCode> {
  const code = enrolmentCodeFrom(randomBytes(10));
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_TTL_MS).toISOString();
  // An older unused code for the same device stops working: only the newest one counts.
  await tx.query('UPDATE enrolment_codes SET used_at = $2 WHERE device_id = $1 AND used_at IS NULL', [d.deviceId, now.toISOString()]);
  await tx.query(
    `INSERT INTO enrolment_codes (code_sha256, device_id, site_id, kind, name, ticket_prefix, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [sha256(code), d.deviceId, d.siteId, d.kind, d.name, d.ticketPrefix, actor.id, now.toISOString(), expiresAt],
  );
  return { ...d, code: formatEnrolmentCode(code), expiresAt };
}

async function nextDeviceId(tx: Queryable, kind: Kind, siteId: string): Promise<string> {
  const stem = `${kind}-${siteId.slice(0, 48)}-`;
  const taken = new Set(
    (
      await tx.query<{ id: string }>(
        'SELECT id FROM devices WHERE id LIKE $1 UNION SELECT device_id FROM enrolment_codes WHERE device_id LIKE $1',
        [`${stem}%`],
      )
    ).map((r) => r.id),
  );
  let n = 1;
  while (taken.has(`${stem}${n}`)) n++;
  return `${stem}${n}`;
}

/** The kiosk's ticket letters: the ones asked for if free at the site, else the first free of A…Z, AA…ZZ. */
async function freeTicketPrefix(tx: Queryable, siteId: string, wanted?: string, exceptDevice?: string): Promise<string> {
  const taken = new Set(
    (
      await tx.query<{ p: string }>(
        `SELECT ticket_prefix AS p FROM devices WHERE site_id = $1 AND ticket_prefix IS NOT NULL AND id IS DISTINCT FROM $2
         UNION SELECT ticket_prefix FROM enrolment_codes WHERE site_id = $1 AND ticket_prefix IS NOT NULL AND used_at IS NULL AND device_id IS DISTINCT FROM $2`,
        [siteId, exceptDevice ?? null],
      )
    ).map((r) => r.p),
  );
  if (wanted) {
    if (taken.has(wanted)) throw new DangkyError('DK_ERR_TICKET_PREFIX_TAKEN');
    return wanted;
  }
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const candidates = [...letters, ...[...letters].flatMap((a) => [...letters].map((b) => a + b))];
  const free = candidates.find((c) => !taken.has(c));
  if (!free) throw new DangkyError('DK_ERR_TICKET_PREFIX_TAKEN');
  return free;
}

/** `POST /v1/enrol`: the device redeems its code and receives its secret, once. */
export async function redeemEnrolment(db: Db, typed: string, now = new Date()): Promise<EnrolResponse> {
  const code = normaliseEnrolmentCode(typed);
  if (!code) throw new DangkyError('DK_ERR_ENROLMENT_CODE_INVALID');
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{
      device_id: string;
      site_id: string;
      kind: Kind;
      name: string;
      ticket_prefix: string | null;
      expires_at: string | Date;
      used_at: string | Date | null;
    }>('SELECT device_id, site_id, kind, name, ticket_prefix, expires_at, used_at FROM enrolment_codes WHERE code_sha256 = $1 FOR UPDATE', [
      sha256(code),
    ]);
    if (!row || row.used_at) throw new DangkyError('DK_ERR_ENROLMENT_CODE_INVALID');
    if (new Date(row.expires_at).getTime() <= now.getTime()) throw new DangkyError('DK_ERR_ENROLMENT_CODE_EXPIRED');
    await tx.query('UPDATE enrolment_codes SET used_at = $2 WHERE code_sha256 = $1', [sha256(code), now.toISOString()]);
    const place = await sitePlace(tx, row.site_id);
    const secret = newSecret();
    const [existing] = await tx.query<{ revoked_at: unknown }>('SELECT revoked_at FROM devices WHERE id = $1', [row.device_id]);
    if (existing) {
      // A rotated secret: the same device, its sequence, counters and ticket letters kept.
      if (existing.revoked_at) throw new DangkyError('DK_ERR_ENROLMENT_CODE_INVALID');
      await tx.query('UPDATE devices SET secret_sha256 = $2 WHERE id = $1', [row.device_id, sha256(secret)]);
    } else {
      const inserted = await tx.query(
        `INSERT INTO devices (id, site_id, kind, ticket_prefix, secret_sha256, name, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING RETURNING id`,
        [row.device_id, row.site_id, row.kind, row.ticket_prefix, sha256(secret), row.name, now.toISOString()],
      );
      if (inserted.length === 0) throw new DangkyError('DK_ERR_TICKET_PREFIX_TAKEN');
    }
    await appendAudit(tx, {
      actorId: `device:${row.device_id}`,
      actorRole: 'device',
      action: 'device.enrolled',
      siteId: row.site_id,
      provinceCode: place.provinceCode,
      target: `device:${row.device_id}`,
      detail: { kind: row.kind, rotated: Boolean(existing) },
    });
    return {
      deviceId: row.device_id,
      deviceSecret: secret,
      siteId: row.site_id,
      siteName: place.name,
      kind: row.kind,
      ticketPrefix: row.ticket_prefix,
    };
  });
}

interface DeviceRow {
  id: string;
  site_id: string;
  kind: Kind;
  name: string;
  ticket_prefix: string | null;
  revoked_at: unknown;
  province_code: string;
}

async function deviceFor(tx: Queryable, actor: Actor, deviceId: string): Promise<DeviceRow> {
  const [row] = await tx.query<DeviceRow>(
    'SELECT d.id, d.site_id, d.kind, d.name, d.ticket_prefix, d.revoked_at, s.province_code FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.id = $1',
    [deviceId],
  );
  if (!row) throw new DangkyError('DK_ERR_UNKNOWN_DEVICE');
  requireInScope(actor, { provinceCode: row.province_code, siteId: row.site_id });
  return row;
}

/** Rename and/or move to another site (a kiosk keeps its ticket letters if they are free there). */
export async function updateDevice(db: Db, actor: Actor, deviceId: string, raw: z.input<typeof deviceUpdate>): Promise<void> {
  requireMay(actor, 'devices', 'write');
  const change = deviceUpdate.parse(raw);
  await db.transaction(async (tx) => {
    const device = await deviceFor(tx, actor, deviceId);
    if (device.revoked_at) throw new DangkyError('DK_ERR_DEVICE_REVOKED');
    if (change.name !== undefined && change.name !== device.name) {
      await tx.query('UPDATE devices SET name = $2 WHERE id = $1', [deviceId, change.name]);
      await appendAudit(tx, {
        ...byActor(actor),
        action: 'device.renamed',
        siteId: device.site_id,
        provinceCode: device.province_code,
        target: `device:${deviceId}`,
      });
    }
    if (change.siteId !== undefined && change.siteId !== device.site_id) {
      const to = await sitePlace(tx, change.siteId);
      requireInScope(actor, to);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`enrol:${to.siteId}`]);
      const prefix =
        device.kind === 'kiosk'
          ? await freeTicketPrefix(tx, to.siteId, device.ticket_prefix ?? undefined, deviceId).catch(() =>
              freeTicketPrefix(tx, to.siteId, undefined, deviceId),
            )
          : null;
      // A counter's number belongs to its old site's waiting room: numbered again where it goes.
      await tx.query('UPDATE devices SET site_id = $2, ticket_prefix = $3, counter_number = NULL, counter_services = NULL WHERE id = $1', [
        deviceId,
        to.siteId,
        prefix,
      ]);
      await appendAudit(tx, {
        ...byActor(actor),
        action: 'device.moved',
        siteId: to.siteId,
        provinceCode: to.provinceCode,
        target: `device:${deviceId}`,
        detail: { fromSite: device.site_id, toSite: to.siteId },
      });
    }
  });
}

/**
 * A counter's number and desks (`null`: not numbered, every desk), judged by core — in range,
 * each desk once, the number free at the site — under the site's lock, and audited with the
 * setting before and after.
 */
export async function setCounter(db: Db, actor: Actor, deviceId: string, raw: unknown): Promise<void> {
  requireMay(actor, 'counters', 'write');
  await db.transaction(async (tx) => {
    const device = await deviceFor(tx, actor, deviceId);
    if (device.revoked_at) throw new DangkyError('DK_ERR_DEVICE_REVOKED');
    if (device.kind !== 'counter') throw new DangkyError('DK_ERR_NOT_A_COUNTER');
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`enrol:${device.site_id}`]);
    const site = await siteCounters(tx, device.site_id);
    let setting: CounterSetting | null = null;
    if (raw !== null) {
      const problem = counterSettingProblem(raw, deviceId, site);
      if (problem) throw new DangkyError(problem);
      setting = counterSetting.parse(raw);
    }
    const before = site.find((c) => c.counterId === deviceId) ?? null;
    await tx.query('UPDATE devices SET counter_number = $2, counter_services = $3 WHERE id = $1', [
      deviceId,
      setting?.number ?? null,
      setting ? JSON.stringify(setting.services) : null,
    ]);
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'device.counter-set',
      siteId: device.site_id,
      provinceCode: device.province_code,
      target: `device:${deviceId}`,
      detail: {
        numberBefore: before?.number ?? null,
        servicesBefore: before?.services ?? null,
        number: setting?.number ?? null,
        services: setting?.services ?? null,
      },
    });
  });
}

/** The site's numbered counters (not revoked), by number: what its counters and display learn from the reference. */
export async function siteCounters(q: Queryable, siteId: string): Promise<QueueCounter[]> {
  return readOne(q, siteCountersRead(siteId));
}

/** The site's numbered counters, as a read that can go with others (`readAsOne`). */
export function siteCountersRead(siteId: string): Read<QueueCounter[], { id: string; counter_number: number; counter_services: unknown }> {
  return {
    text: `SELECT id, counter_number, counter_services FROM devices
     WHERE site_id = $1 AND kind = 'counter' AND revoked_at IS NULL AND counter_number IS NOT NULL ORDER BY counter_number`,
    params: [siteId],
    rows: (rows) =>
      rows.map((r) => ({
        counterId: r.id,
        number: Number(r.counter_number),
        services: servicesOf(r.counter_services),
      })),
  };
}

const servicesOf = (v: unknown): QueueCounter['services'] => counterSetting.shape.services.parse(typeof v === 'string' ? JSON.parse(v) : v);

/** A counter's desks as stored (migration 0026): `null` when the site set none — it serves every desk. */
export const storedDesks = (v: unknown): QueueCounter['services'] | null => (v === null || v === undefined ? null : servicesOf(v));

/** A new secret: the old one stops at once; the code (15 min) re-enrols the same device. */
export async function rotateDevice(db: Db, actor: Actor, deviceId: string, now = new Date()): Promise<EnrolmentCode> {
  requireMay(actor, 'devices', 'write');
  return db.transaction(async (tx) => {
    const device = await deviceFor(tx, actor, deviceId);
    if (device.revoked_at) throw new DangkyError('DK_ERR_DEVICE_REVOKED');
    await tx.query(
      'UPDATE devices SET previous_secret_sha256 = COALESCE(secret_sha256, previous_secret_sha256), secret_sha256 = NULL WHERE id = $1',
      [deviceId],
    );
    const code = await issueCode(
      tx,
      actor,
      { deviceId, siteId: device.site_id, kind: device.kind, name: device.name, ticketPrefix: device.ticket_prefix },
      now,
    );
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'device.secret-rotated',
      siteId: device.site_id,
      provinceCode: device.province_code,
      target: `device:${deviceId}`,
    });
    return code;
  });
}

/** Ends the device: its next request is refused (401, "no longer enrolled"); its data stays. */
export async function revokeDevice(db: Db, actor: Actor, deviceId: string, now = new Date()): Promise<void> {
  requireMay(actor, 'devices', 'write');
  await db.transaction(async (tx) => {
    const device = await deviceFor(tx, actor, deviceId);
    if (device.revoked_at) return;
    await tx.query('UPDATE devices SET revoked_at = $2, counter_number = NULL, counter_services = NULL WHERE id = $1', [
      deviceId,
      now.toISOString(),
    ]);
    await tx.query('UPDATE enrolment_codes SET used_at = $2 WHERE device_id = $1 AND used_at IS NULL', [deviceId, now.toISOString()]);
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'device.revoked',
      siteId: device.site_id,
      provinceCode: device.province_code,
      target: `device:${deviceId}`,
    });
  });
}

/** Every device of the actor's scope with what it last reported, trouble first. */
export async function listFleet(db: Queryable, actor: Actor, now = new Date()): Promise<FleetResponse> {
  requireMay(actor, 'devices', 'read');
  const scope = sitesInScopeSql(scopeOf(actor), 's', 2);
  const rows = await db.query<{
    id: string;
    kind: Kind;
    name: string;
    site_id: string;
    site_name: string;
    ticket_prefix: string | null;
    enrolled_at: string | Date;
    revoked_at: string | Date | null;
    awaiting: boolean;
    last_contact_at: string | Date | null;
    app_version: string | null;
    pending: number | null;
    oldest_pending_at: string | Date | null;
    dead_letters: number | null;
    clock_skew_s: number | null;
    hardware: unknown;
    counter_number: number | null;
    counter_services: unknown;
  }>(
    `SELECT d.id, d.kind, d.name, d.site_id, s.name AS site_name, d.ticket_prefix, d.enrolled_at, d.revoked_at,
            EXISTS (SELECT 1 FROM enrolment_codes c WHERE c.device_id = d.id AND c.used_at IS NULL AND c.expires_at > $1) AS awaiting,
            r.last_contact_at, r.app_version, r.pending, r.oldest_pending_at, r.dead_letters, r.clock_skew_s, COALESCE(r.hardware, '[]'::jsonb) AS hardware,
            d.counter_number, d.counter_services
     FROM devices d JOIN sites s ON s.id = d.site_id LEFT JOIN device_reports r ON r.device_id = d.id
     WHERE ${scope.where}`,
    [now.toISOString(), ...scope.params],
  );
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  const devices = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    siteId: r.site_id,
    siteName: r.site_name,
    ticketPrefix: r.ticket_prefix,
    enrolledAt: iso(r.enrolled_at)!,
    revokedAt: iso(r.revoked_at),
    awaitingEnrolment: Boolean(r.awaiting),
    lastContactAt: iso(r.last_contact_at),
    appVersion: r.app_version,
    pending: r.pending,
    oldestPendingAt: iso(r.oldest_pending_at),
    deadLetters: r.dead_letters,
    clockSkewSeconds: r.clock_skew_s === null ? null : Number(r.clock_skew_s),
    hardware: (typeof r.hardware === 'string' ? JSON.parse(r.hardware) : r.hardware) as FleetDevice['hardware'],
    counter: r.counter_number === null ? null : { number: Number(r.counter_number), services: servicesOf(r.counter_services) },
  }));
  return { devices: sortFleet(devices, now), serverTime: now.toISOString() };
}
