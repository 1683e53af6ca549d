import { uuidv7, type DomainEvent } from '@dangky/core/events';
import type { KioskAnswers, SubmittedTicket } from '@dangky/core/machines';
import type { PairingLink } from '@dangky/core/protocol';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';
import { DangkyError } from '@dangky/core/errors';
import { appendEvent, sealingSiteKey, type DeviceDb, type Sealer } from '@dangky/web';
import { sealRegistration } from '@dangky/core/handoff';
import { nextTicket } from './ticket-counter.ts';

/**
 * The kiosk flow's `submitRegistration` actor: take the next ticket, then write
 * `registration.submitted` (sealed) to the outbox. Nothing here needs the network; sync sends
 * it when it can. The consent records which purposes the citizen agreed to on screen. With the
 * site's hand-off key, the ticket also gets the registration sealed for the booth's counters.
 */
export async function submitRegistration(
  db: DeviceDb,
  sealer: Sealer,
  pairing: PairingLink,
  answers: KioskAnswers,
  now: Date = new Date(),
): Promise<SubmittedTicket> {
  if (!pairing.ticketPrefix)
    throw new DangkyError('DK_ERR_PAIRING_INVALID', { detail: { reason: 'kiosk pairing without a ticket prefix' } });
  const ticket = await nextTicket(db, pairing.ticketPrefix, now);
  const registrationId = uuidv7({ now: now.getTime() });
  const event = await appendEvent(db, sealer, {
    deviceId: pairing.deviceId,
    type: 'registration.submitted',
    now,
    payload: {
      registrationId,
      siteId: pairing.siteId,
      service: answers.service,
      identity: answers.identity,
      contact: answers.contact,
      consent: {
        given: true,
        textVersion: CONSENT_TEXT_VERSION,
        purposes: answers.service.kind === 'digital-signature' ? ['registration', 'provider-transfer'] : ['registration', 'eid-precheck'],
        at: answers.consentAt,
      },
      ticket,
      language: answers.language,
      // Only a request is recorded: without one the payload is exactly what it always was.
      ...(answers.priority ? { priority: true } : {}),
      // How long the visit took (no name, no number: the planner's kiosk time); absent when the kiosk could not tell.
      ...(answers.kioskSeconds === undefined ? {} : { kioskSeconds: answers.kioskSeconds }),
    },
  });
  const handoff = await sealForCounters(db, event, pairing.deviceId);
  return { registrationId, ticket, ...(handoff ? { handoff } : {}) };
}

/**
 * The ticket's QR text: the submission sealed to the site's key, so the booth's counter can serve
 * it while the server is out of reach. The ticket's format carries what serving needs, not the
 * time at the kiosk: that reaches the server's figures in the submission the outbox pushes. Without a key (never reached the server) or if sealing
 * fails, the ticket carries the registration id as before — the registration itself is safe in
 * the outbox either way.
 */
async function sealForCounters(db: DeviceDb, event: DomainEvent, kioskDeviceId: string): Promise<string | null> {
  if (event.type !== 'registration.submitted') return null;
  const key = await sealingSiteKey(db);
  if (!key) return null;
  return sealRegistration({ draft: event.payload, submittedAt: event.occurredAt, kioskDeviceId }, key).catch(() => null);
}
