import { z } from 'zod';
import { registrationDraft, type RegistrationDraft } from '../schemas/registration.ts';
import { deviceId, instant } from '../schemas/primitives.ts';

/**
 * What a ticket's seal holds: the registration as the kiosk submitted it, less what the counter
 * can serve without (the identity's provenance — the list of checks behind each field — and the
 * surname/given-name split), written as a positional JSON array so the printed code carries values,
 * not key names. Positions (documented in docs/handoff-ticket.md):
 *
 *   [registrationId, siteId, kioskDeviceId, submittedAt, ticketNumber, ticketDay, service, language,
 *    [idNumber, fullName, birthDate, sex, address, source, assurance, issueDate, expiryDate, documentNumber, oldIdNumber],
 *    [phone, email], [consentTextVersion, consentPurposes, consentAt]]
 *
 * `service` is `eid` or `<channel>:<providerId>` (`token:vnpt`). Absent optional values are null.
 * The array is only a transport: it is turned back into a draft and parsed by the same schema
 * the server parses a submission with, so a counter serves only what the server would accept.
 */
const opt = <T extends z.ZodType>(schema: T) => schema.nullable();
export const ticketContent = z.tuple([
  z.string(),
  z.string(),
  deviceId,
  instant,
  z.string(),
  z.string(),
  z.string().regex(/^(eid|(token|remote):[a-z0-9-]{2,32})$/),
  z.enum(['vi', 'en']),
  z.tuple([
    z.string(),
    z.string(),
    z.string(),
    z.string(),
    z.string(),
    z.string(),
    z.string(),
    opt(z.string()),
    opt(z.string()),
    opt(z.string()),
    opt(z.string()),
  ]),
  z.tuple([z.string(), opt(z.string())]),
  z.tuple([z.string(), z.array(z.string()).max(8), z.string()]),
]);
export type TicketContent = z.infer<typeof ticketContent>;

/** The registration a counter opened from a ticket, with who made it and when. */
export interface HandedOffRegistration {
  draft: RegistrationDraft;
  submittedAt: string;
  kioskDeviceId: string;
}

const serviceCode = (s: RegistrationDraft['service']): string => (s.kind === 'eid-level2' ? 'eid' : `${s.channel}:${s.providerId}`);
const serviceOf = (code: string) => {
  if (code === 'eid') return { kind: 'eid-level2' };
  const [channel, providerId] = code.split(':');
  return { kind: 'digital-signature', channel, providerId };
};

export function toTicketContent(reg: HandedOffRegistration): TicketContent {
  const { draft } = reg;
  const id = draft.identity;
  return [
    draft.registrationId,
    draft.siteId,
    reg.kioskDeviceId,
    reg.submittedAt,
    draft.ticket.number,
    draft.ticket.day,
    serviceCode(draft.service),
    draft.language,
    [
      id.idNumber,
      id.fullName,
      id.birthDate,
      id.sex,
      id.address,
      id.source,
      id.assurance,
      id.issueDate ?? null,
      id.expiryDate ?? null,
      id.documentNumber ?? null,
      id.oldIdNumber ?? null,
    ],
    [draft.contact.phone, draft.contact.email ?? null],
    [draft.consent.textVersion, draft.consent.purposes, draft.consent.at],
  ];
}

const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/** The draft back from the array, checked by the submission's own schema (`null` if it is not one). */
export function fromTicketContent(content: TicketContent): HandedOffRegistration | null {
  const [registrationId, siteId, kioskDeviceId, submittedAt, number, day, service, language, id, contact, consent] = content;
  const draft = registrationDraft.safeParse({
    registrationId,
    siteId,
    service: serviceOf(service),
    identity: defined({
      idNumber: id[0],
      fullName: id[1],
      birthDate: id[2],
      sex: id[3],
      address: id[4],
      source: id[5],
      assurance: id[6],
      issueDate: id[7],
      expiryDate: id[8],
      documentNumber: id[9],
      oldIdNumber: id[10],
    }),
    contact: defined({ phone: contact[0], email: contact[1] }),
    consent: { given: true, textVersion: consent[0], purposes: consent[1], at: consent[2] },
    ticket: { number, day },
    language,
  });
  return draft.success ? { draft: draft.data, submittedAt, kioskDeviceId } : null;
}
