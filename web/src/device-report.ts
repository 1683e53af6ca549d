import type { DeviceReport } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';

/**
 * What this device tells the server about itself on its pushes, for the administrator's fleet
 * page: how much its outbox holds and since when, how many events the server refused, the app's
 * version and the station's hardware as the agent last reported it. It travels on the sync
 * requests the device makes anyway — the server never polls a device.
 */
export const REPORT_EVERY_MS = 60_000;

export interface ReportSource {
  appVersion: string;
  /** The station's devices now (empty without an agent). */
  hardware: () => DeviceReport['hardware'];
}

export async function deviceReport(db: DeviceDb, source: ReportSource, now = new Date()): Promise<DeviceReport> {
  const [pending, oldest, deadLetters] = await Promise.all([db.outbox.count(), db.outbox.orderBy('seq').first(), db.deadLetters.count()]);
  return {
    appVersion: source.appVersion.slice(0, 40),
    pending,
    oldestPendingAt: oldest?.occurredAt ?? null,
    deadLetters,
    sentAt: now.toISOString(),
    hardware: source.hardware().slice(0, 16),
  };
}
