import { DangkyError } from '@dangky/core/errors';
import { enrolResponse, routes, type EnrolResponse, type EnrolmentLink, type PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';
import { readStoredPairing, savePairing } from './pairing-store.ts';
import type { Sealer } from './sealer.ts';

/**
 * Pairing by one-time enrolment code: the administrator's page shows a QR of
 * `<app>/#enrol=<server and code>` (or the code to type); this browser redeems the code once and
 * keeps the device secret the server makes for it — sealed under a key the station's hardware
 * agent keeps, like a pairing link's. So the caller has reached the agent first: without it the
 * code is not redeemed at all (it is single use, and its secret would have nowhere safe to go).
 *
 * A browser that still holds events of a previous device the server has not received is not
 * enrolled again: those events would be lost silently. The previous device sends them, or is
 * revoked — and then reports what it held and wipes itself.
 */
export interface StationAgent {
  agentUrl: string;
  /** The agent's pairing secret as the agent sealed it (the only form the browser keeps). */
  sealedPairing: string;
}

export async function enrolWithCode(
  db: DeviceDb,
  sealer: Sealer,
  link: EnrolmentLink,
  agent: StationAgent,
  options: { fetch?: typeof fetch } = {},
): Promise<PairingLink> {
  const pending = await db.outbox.count();
  if (pending > 0) throw new DangkyError('DK_ERR_ENROL_OUTBOX_PENDING', { detail: { pending } });
  const before = await readStoredPairing(db).catch(() => null);
  const answer: EnrolResponse = await requestJson(link.server, routes.enrol, enrolResponse, {
    method: 'POST',
    body: { code: link.code },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const pairing: PairingLink = {
    server: link.server,
    deviceId: answer.deviceId,
    deviceSecret: answer.deviceSecret,
    siteId: answer.siteId,
    siteName: answer.siteName,
    ...(answer.ticketPrefix ? { ticketPrefix: answer.ticketPrefix } : {}),
    agentUrl: agent.agentUrl,
  };
  // A new device starts its own counters; the previous one's are no longer this browser's.
  if (before?.public.deviceId !== answer.deviceId)
    await db.settings.bulkDelete(['deviceSeq', 'ticketCounter', 'cursor', 'lastSyncedAt', 'lastReportedAt']);
  await savePairing(db, sealer, pairing, agent.sealedPairing);
  await db.settings.bulkDelete(['station', 'wiped']);
  return pairing;
}
