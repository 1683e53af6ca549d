import { enrolResponse, routes, type EnrolResponse, type PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';
import { loadPairing, savePairing } from './pairing-store.ts';
import type { Sealer } from './sealer.ts';

/**
 * Pairing by one-time enrolment code: the administrator's page shows a QR of
 * `<app>/#enrol=<server and code>` (or the code to type); this browser redeems the code once and
 * keeps the device secret the server makes for it — sealed, like a pairing link's.
 *
 * The station's hardware agent stays as it was paired (its secret is the station's, not the
 * server's). A browser that was another device before keeps what that device had not delivered:
 * its outbox moves to the dead letters (sealed, with `DK_ERR_DEVICE_REVOKED`) for a technician,
 * and the per-device counters start again for the new device.
 */
export async function enrolWithCode(
  db: DeviceDb,
  sealer: Sealer,
  link: { server: string; code: string },
  options: { fetch?: typeof fetch } = {},
): Promise<PairingLink> {
  const answer: EnrolResponse = await requestJson(link.server, routes.enrol, enrolResponse, {
    method: 'POST',
    body: { code: link.code },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const before = await loadPairing(db, sealer).catch(() => null);
  const pairing: PairingLink = {
    server: link.server,
    deviceId: answer.deviceId,
    deviceSecret: answer.deviceSecret,
    siteId: answer.siteId,
    siteName: answer.siteName,
    ...(answer.ticketPrefix ? { ticketPrefix: answer.ticketPrefix } : {}),
    ...(before?.agentUrl ? { agentUrl: before.agentUrl } : {}),
    ...(before?.agentSecret ? { agentSecret: before.agentSecret } : {}),
  };
  if (before && before.deviceId !== answer.deviceId) await retireDevice(db, new Date().toISOString());
  await savePairing(db, sealer, pairing);
  return pairing;
}

/** What the previous device of this browser left: its undelivered events kept aside, its counters reset. */
async function retireDevice(db: DeviceDb, at: string): Promise<void> {
  await db.transaction('rw', db.outbox, db.deadLetters, db.settings, async () => {
    const rows = await db.outbox.toArray();
    await db.deadLetters.bulkPut(rows.map((row) => ({ ...row, code: 'DK_ERR_DEVICE_REVOKED', rejectedAt: at })));
    await db.outbox.clear();
    await db.settings.bulkDelete(['deviceSeq', 'ticketCounter', 'cursor', 'lastSyncedAt', 'lastReportedAt']);
  });
}
