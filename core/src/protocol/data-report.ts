import { z } from 'zod';
import { identity, idNumber } from '../schemas/identity.ts';
import { consent, contact } from '../schemas/contact.ts';
import { instant, isoDate, siteId, uuidV7 } from '../schemas/primitives.ts';
import { registrationStatus } from '../schemas/registration.ts';
import { service } from '../schemas/service.ts';

/**
 * `POST citizenDataReport`: a citizen's request to see what the programme holds about them
 * (Law 91/2025 on personal data protection). A site manager (their site) or a city manager
 * (their province), with the citizen and their card in front of them, types the ID number — in
 * the body, never a URL — and receives every registration the server can still open for it: the
 * fields held, the provider the data was sent to, and when it will be erased. Registrations whose
 * data was already erased are listed as such, without values. Each report is audited.
 */
export const citizenDataReportRequest = z.object({ idNumber });

export const reportedRegistration = z.object({
  registrationId: uuidV7,
  siteId,
  day: isoDate,
  ticket: z.string(),
  status: registrationStatus,
  /** Null once erased: what the citizen asked for was part of what they registered. */
  service: service.nullable(),
  /** The signature provider the registration's data was (or will be) sent to; null for e-ID level 2. */
  sentTo: z.string().nullable(),
  /** What is held, as held; null once erased. */
  held: z.object({ identity, contact, consent }).nullable(),
  finishedAt: instant.nullable(),
  /** The day the data key will be destroyed (retention); null while the registration is open. */
  eraseAfter: isoDate.nullable(),
  erased: z.boolean(),
});
export type ReportedRegistration = z.infer<typeof reportedRegistration>;

export const citizenDataReport = z.object({
  at: instant,
  registrations: z.array(reportedRegistration),
});
export type CitizenDataReport = z.infer<typeof citizenDataReport>;

/**
 * `POST citizenErasure`: with the citizen in front of them and their data report on screen, the
 * manager erases the registrations the citizen asks for (core's `erasureOnRequest` decides each).
 * The ID number travels again so the server erases only registrations of that citizen, in the
 * manager's scope; an id that is not one of them is answered as not found, as any other.
 */
export const citizenErasureRequest = z.object({
  idNumber,
  registrationIds: z.array(uuidV7).min(1).max(50),
});
export type CitizenErasureRequest = z.infer<typeof citizenErasureRequest>;

export const erasureOutcome = z.object({
  registrationId: uuidV7,
  outcome: z.enum(['erased', 'already-erased', 'refused']),
  /** Why it was refused: `DK_ERR_ERASURE_REGISTRATION_OPEN`, or `DK_ERR_NOT_FOUND` for an id not of this citizen in scope. */
  code: z.string().optional(),
});
export type ErasureOutcome = z.infer<typeof erasureOutcome>;

export const citizenErasureResult = z.object({ at: instant, outcomes: z.array(erasureOutcome) });
export type CitizenErasureResult = z.infer<typeof citizenErasureResult>;
