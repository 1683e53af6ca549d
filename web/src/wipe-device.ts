import { errorCodeOf } from '@dangky/core/errors';
import { deviceAuthorization, pushResponse, routes } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { deviceReport, type ReportSource } from './device-report.ts';
import { requestJson } from './http-client.ts';
import type { DeviceCredentials } from './push-batch.ts';
import { readStoredPairing } from './pairing-store.ts';
import type { Sealer } from './sealer.ts';
import { readSetting, writeSetting, type Settings } from './settings.ts';

/**
 * A device the server says is no longer enrolled (revoked, or its secret replaced) keeps no
 * personal data — but never loses it silently either. First it reports what it holds (outbox
 * size and oldest, dead letters) on a push of its report alone, which the server records for
 * the fleet page even while it refuses the device; only once the server has answered does it
 * wipe. Offline, nothing is wiped and the next sync tries again.
 *
 * The wipe: the agent forgets every key of this profile first — from then on no stored row
 * opens, whatever IndexedDB still holds — then every table is emptied. Kept: the row-key holder
 * id (keys the agent could not be told about now are found and forgotten by the sweep on a later
 * start, sweep-keys.ts) and a note of the wipe with its counts, for the screen to say.
 */
export async function reportAndWipe(
  db: DeviceDb,
  sealer: Sealer,
  device: DeviceCredentials,
  source: ReportSource,
  options: { fetch?: typeof fetch; now?: () => Date } = {},
): Promise<Settings['wiped']> {
  const report = await deviceReport(db, source);
  try {
    await requestJson(device.server, routes.push, pushResponse, {
      method: 'POST',
      authorization: deviceAuthorization(device.deviceId, device.deviceSecret),
      body: { deviceId: device.deviceId, events: [], report },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    // The answer a revoked device expects: the server has recorded the report and refused the rest.
    if (errorCodeOf(error) !== 'DK_ERR_DEVICE_REVOKED') throw error;
  }
  const note = {
    at: (options.now?.() ?? new Date()).toISOString(),
    deviceId: device.deviceId,
    pending: report.pending,
    deadLetters: report.deadLetters,
  };
  await wipeDevice(db, sealer, note);
  return note;
}

export async function wipeDevice(db: DeviceDb, sealer: Sealer, note: Settings['wiped']): Promise<void> {
  // An unreachable agent does not stop the wipe: the sweep on a later start forgets what it missed.
  await sealer.keys.forgetAll().catch(() => undefined);
  const holder = await readSetting(db, 'rowKeyHolder');
  const pairing = await readStoredPairing(db).catch(() => null);
  const station = pairing ? { agentUrl: pairing.public.agentUrl, sealedPairing: pairing.sealedPairing } : await readSetting(db, 'station');
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
    if (holder) await writeSetting(db, 'rowKeyHolder', holder);
    // Still this station's browser: an administrator's new code enrols it without a technician.
    if (station) await writeSetting(db, 'station', station);
    await writeSetting(db, 'wiped', note);
  });
}
