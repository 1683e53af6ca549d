/**
 * What is wrong with a device, from what it reported on its last sync — so the fleet page lists
 * trouble first and says what the trouble is. Thresholds are in minutes of the server's clock:
 * a device syncs on its watchdog (every 15 s) and reports at least every minute, so ten silent
 * minutes mean it is off, offline or stuck; an event waiting ten minutes means its outbox is
 * not draining. A device clock off by more than five minutes dates its events wrongly (the server
 * refuses those too far off), so its skew, measured on its reports, is trouble as well.
 */
export const SILENT_AFTER_MS = 10 * 60_000;
export const OUTBOX_STUCK_AFTER_MS = 10 * 60_000;
export const CLOCK_SKEW_AFTER_SECONDS = 5 * 60;

export const fleetTroubles = [
  'revoked',
  'never-seen',
  'silent',
  'outbox-stuck',
  'rejected-events',
  'clock-skew',
  'hardware',
  'outbox-waiting',
] as const;
export type FleetTrouble = (typeof fleetTroubles)[number];

export interface FleetFacts {
  revokedAt: string | null;
  lastContactAt: string | null;
  pending: number | null;
  oldestPendingAt: string | null;
  deadLetters: number | null;
  /** How far the device's clock ran ahead of the server's on its last report (negative: behind), in seconds. */
  clockSkewSeconds?: number | null;
  hardware: readonly { state: 'ready' | 'busy' | 'offline' | 'error' }[];
}

/** The device's troubles, worst first (the order of `fleetTroubles`). */
export function troublesOf(d: FleetFacts, now: Date): FleetTrouble[] {
  if (d.revokedAt) return ['revoked'];
  if (!d.lastContactAt) return ['never-seen'];
  const t: FleetTrouble[] = [];
  const at = now.getTime();
  if (at - Date.parse(d.lastContactAt) > SILENT_AFTER_MS) t.push('silent');
  if (d.oldestPendingAt && at - Date.parse(d.oldestPendingAt) > OUTBOX_STUCK_AFTER_MS) t.push('outbox-stuck');
  if ((d.deadLetters ?? 0) > 0) t.push('rejected-events');
  if (Math.abs(d.clockSkewSeconds ?? 0) > CLOCK_SKEW_AFTER_SECONDS) t.push('clock-skew');
  if (d.hardware.some((h) => h.state === 'offline' || h.state === 'error')) t.push('hardware');
  if ((d.pending ?? 0) > 0 && !t.includes('outbox-stuck')) t.push('outbox-waiting');
  return t;
}

/**
 * Trouble first: devices with the worst trouble, then by how many troubles, then those silent
 * longest; revoked devices last (nothing is expected of them), healthy ones before them.
 */
export function sortFleet<T extends FleetFacts & { id: string }>(devices: readonly T[], now: Date): (T & { troubles: FleetTrouble[] })[] {
  const rank = (t: FleetTrouble[]) =>
    t[0] === 'revoked' ? fleetTroubles.length + 1 : t.length === 0 ? fleetTroubles.length : fleetTroubles.indexOf(t[0]!);
  return devices
    .map((d) => ({ ...d, troubles: troublesOf(d, now) }))
    .sort(
      (a, b) =>
        rank(a.troubles) - rank(b.troubles) ||
        b.troubles.length - a.troubles.length ||
        (a.lastContactAt ?? '').localeCompare(b.lastContactAt ?? '') ||
        a.id.localeCompare(b.id),
    );
}
