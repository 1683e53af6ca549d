import type { Service } from '../schemas/service.ts';
import type { GateDecision } from './decision.ts';
import { holdingStatus, type Holding } from './holding.ts';
import { defaultServiceRules, type ServiceRules } from './service-rules.ts';

export interface FreeCertificateInput {
  /** The service of the registration about to be served. */
  service: Service;
  /** The registration itself, left out of its own holdings. */
  registrationId: string;
  /** Everything the citizen (same ID number) holds, from the server's projection. */
  holdings: readonly Holding[];
  /** The instant of the issuance or activation. */
  at: string;
  rules?: ServiceRules;
}

/** A refusal names the certificates that stand in the way, so the counter can show them. */
export type FreeCertificateDecision = GateDecision<{ held: Holding[] }>;

/**
 * One free certificate per citizen and programme: a signature (token or remote) is refused while
 * the citizen holds `maxActive` active free certificates — from any provider, or from the same
 * provider when the programme counts per provider. A revoked certificate (lost or broken token:
 * revoke, then re-issue) and an expired one no longer count. e-ID level 2 is not a certificate.
 */
export function freeCertificateGate({
  service,
  registrationId,
  holdings,
  at,
  rules = defaultServiceRules,
}: FreeCertificateInput): FreeCertificateDecision {
  if (service.kind !== 'digital-signature') return { ok: true };
  const rule = rules.freeCertificate;
  const held = holdings.filter(
    (h) =>
      h.kind === 'certificate' &&
      h.registrationId !== registrationId &&
      (rule.scope === 'any-provider' || h.providerId === service.providerId) &&
      holdingStatus(h, at, rules) === 'active',
  );
  return held.length >= rule.maxActive ? { ok: false, code: 'DK_ERR_CERTIFICATE_ALREADY_HELD', held } : { ok: true };
}

/** e-ID level-2 hand-offs still waiting for the officer's result: the counter warns before a second one. */
export const pendingEidHandOffs = (holdings: readonly Holding[], registrationId: string): Holding[] =>
  holdings.filter((h) => h.kind === 'eid-level2' && h.registrationId !== registrationId && (h.eidResult ?? 'pending') === 'pending');
