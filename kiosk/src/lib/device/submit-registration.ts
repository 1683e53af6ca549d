import { uuidv7 } from '@dangky/core/events';
import type { KioskAnswers, SubmittedTicket } from '@dangky/core/machines';
import type { PairingLink } from '@dangky/core/protocol';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';
import { DangkyError } from '@dangky/core/errors';
import { appendEvent, type DeviceDb, type Sealer } from '@dangky/web';
import { nextTicket } from './ticket-counter.ts';

/**
 * The kiosk flow's `submitRegistration` actor: take the next ticket, then write
 * `registration.submitted` (sealed) to the outbox. Nothing here needs the network; sync sends
 * it when it can. The consent records which purposes the citizen agreed to on screen.
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
  await appendEvent(db, sealer, {
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
    },
  });
  return { registrationId, ticket };
}
