import type { DeviceReport } from '@dangky/core/protocol';
import { clockSkewSeconds } from '@dangky/core/events';
import type { Queryable } from '../db/db.ts';

/**
 * What the fleet page shows comes with the device's own sync requests, never from polling it:
 * every push and pull marks the contact, and a push carrying the device's report (outbox size,
 * oldest pending event, rejected events, app version, hardware) stores it. A bare contact is
 * written at most every two minutes — the fleet page calls a device silent after ten — and not
 * even asked for when the device's sign-in showed a recent one: every device syncs every 30 s,
 * and a write, even one that changes nothing, costs the database a commit.
 * A report dated by the device's clock gives that clock's skew (`sentAt` against `now`).
 */
export const CONTACT_EVERY_MS = 120_000;

export async function recordDeviceContact(
  db: Queryable,
  device: { id: string; lastContactAt?: string | null },
  report?: DeviceReport,
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  const deviceId = device.id;
  if (!report) {
    if (device.lastContactAt && now.getTime() - Date.parse(device.lastContactAt) < CONTACT_EVERY_MS) return;
    await db.query(
      `INSERT INTO device_reports (device_id, last_contact_at) VALUES ($1, $2)
       ON CONFLICT (device_id) DO UPDATE SET last_contact_at = EXCLUDED.last_contact_at
       WHERE device_reports.last_contact_at < EXCLUDED.last_contact_at - $3 * interval '1 millisecond'`,
      [deviceId, at, CONTACT_EVERY_MS],
    );
    return;
  }
  await db.query(
    `INSERT INTO device_reports (device_id, last_contact_at, reported_at, app_version, pending, oldest_pending_at, dead_letters, hardware, clock_skew_s)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (device_id) DO UPDATE SET last_contact_at = EXCLUDED.last_contact_at, reported_at = EXCLUDED.reported_at,
       app_version = EXCLUDED.app_version, pending = EXCLUDED.pending, oldest_pending_at = EXCLUDED.oldest_pending_at,
       dead_letters = EXCLUDED.dead_letters, hardware = EXCLUDED.hardware, clock_skew_s = EXCLUDED.clock_skew_s`,
    [
      deviceId,
      at,
      report.appVersion,
      report.pending,
      report.oldestPendingAt,
      report.deadLetters,
      JSON.stringify(report.hardware),
      report.sentAt ? clockSkewSeconds(report.sentAt, now) : null,
    ],
  );
}
