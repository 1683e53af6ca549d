import { hcmDay } from '../time/hcm-day.ts';
import type { Service } from '../schemas/service.ts';
import type { GateDecision } from './decision.ts';
import { freeCertificateGate } from './free-certificate.ts';
import type { Holding } from './holding.ts';
import { defaultServiceRules, type ServiceRules } from './service-rules.ts';

/**
 * A provider's programme terms, as the catalogue keeps them: how many months the certificate is
 * free, and whether a citizen gets one free certificate only (then the programme's rule,
 * `freeCertificateGate`, decides whether this one may be issued). Decided the same way by the
 * counter (its receipt says until when the certificate is free) and by the server at ingest (it
 * refuses a second free one and records the free period with the citizen's holding).
 */
export interface ProgrammeTerms {
  freeMonths?: number | undefined;
  oneFreePerCitizen?: boolean | undefined;
}

export interface ProgrammeIssuanceInput {
  service: Service;
  /** The provider's terms; absent (a provider the catalogue no longer lists): the programme's rule still holds, nothing is free. */
  terms: ProgrammeTerms | undefined;
  registrationId: string;
  /** Everything the citizen holds, from the server's projection (the counter's look-up). */
  holdings: readonly Holding[];
  /** The instant of the issuance or activation. */
  at: string;
  rules?: ServiceRules;
}

/** `freeUntil`: the last Ho Chi Minh day of the free period (issue day + free months), null when nothing is free. */
export type ProgrammeIssuance = GateDecision<{ held: Holding[] }> & { freeUntil?: string | null };

/** The day `months` after `day` (YYYY-MM-DD), on the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The last day of the free period of a certificate issued at `at` under these terms; null when nothing is free. */
export function freePeriodEnd(terms: ProgrammeTerms | undefined, at: string): string | null {
  const months = terms?.freeMonths ?? 0;
  return months > 0 ? addMonths(hcmDay(at), months) : null;
}

export function programmeIssuance({
  service,
  terms,
  registrationId,
  holdings,
  at,
  rules = defaultServiceRules,
}: ProgrammeIssuanceInput): ProgrammeIssuance {
  if (service.kind !== 'digital-signature') return { ok: true, freeUntil: null };
  if (terms?.oneFreePerCitizen !== false) {
    const gate = freeCertificateGate({ service, registrationId, holdings, at, rules });
    if (!gate.ok) return gate;
  }
  return { ok: true, freeUntil: freePeriodEnd(terms, at) };
}
