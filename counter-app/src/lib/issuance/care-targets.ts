import type { CareTarget } from '@dangky/core/machines';
import type { RegistrationState } from '@dangky/core/events';
import { evidenceOf } from '@dangky/core/gates';

/**
 * "Tra cứu token" looks in the counter's own synced registrations (no server round trip, works
 * offline): an issued token matches the citizen's 12-digit ID number, the ticket number, or the
 * token serial, case and surrounding spaces ignored. Newest issuance first.
 */
export function careTargetsFor(views: readonly RegistrationState[], query: string): CareTarget[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return views
    .filter((v) => v.outcome === 'token-issued' && v.tokenSerial)
    .filter(
      (v) => v.draft.identity.idNumber === q || v.draft.ticket.number.toLowerCase() === q || v.tokenSerial!.trim().toLowerCase() === q,
    )
    .sort((a, b) => Date.parse(b.completedAt ?? b.submittedAt) - Date.parse(a.completedAt ?? a.submittedAt))
    .map((v) => ({
      registrationId: v.registrationId,
      ticket: v.draft.ticket.number,
      fullName: v.draft.identity.fullName,
      tokenSerial: v.tokenSerial!.trim(),
      certificate: v.issuedCertificate ?? null,
      // Rows stored before the lifecycle was kept: an issued token.
      lifecycle: v.tokenLifecycle?.state ?? 'issued',
      // What the counter's chip reads recorded: the care gate asks who stands at the counter now.
      evidence: evidenceOf(v),
      // The holder's card is opened with and compared to the registration as it stands.
      holder: {
        idNumber: v.draft.identity.idNumber,
        fullName: v.draft.identity.fullName,
        birthDate: v.draft.identity.birthDate,
        sex: v.draft.identity.sex,
      },
    }));
}
