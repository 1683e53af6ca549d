import type { ServiceKind } from '../schemas/service.ts';
import { ageOn } from './age.ts';
import { pass, type GateDecision } from './decision.ts';
import { defaultServiceRules, type ServiceRules } from './service-rules.ts';

export interface EligibilityInput {
  service: ServiceKind;
  /** `YYYY-MM-DD`, the registration's (corrected) birth date. */
  birthDate: string;
  /** `YYYY-MM-DD`: the Ho Chi Minh day of the issuance (or of the kiosk's question). */
  day: string;
  rules?: ServiceRules;
}

/** A refusal says the age the service needs, so the screen can say it in plain words. */
export type EligibilityDecision = GateDecision<{ minimumAge: number }>;

/**
 * Whether the citizen is old enough for the service they came for, on that day:
 * - a personal digital signature from the age of full civil capacity (default 18);
 * - e-ID level 2 in person from the configured age (default 14); younger citizens from the
 *   guardian age (default 6) go through a parent or guardian (their own refusal code, which says
 *   so); below that, level 2 is not issued at all.
 */
export function eligibility({ service, birthDate, day, rules = defaultServiceRules }: EligibilityInput): EligibilityDecision {
  const age = ageOn(birthDate, day);
  const min = rules.minimumAge;
  if (service === 'digital-signature') {
    return age >= min.digitalSignature ? pass : { ok: false, code: 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE', minimumAge: min.digitalSignature };
  }
  if (age >= min.eidLevel2) return pass;
  if (age >= min.eidLevel2WithGuardian) return { ok: false, code: 'DK_ERR_ELIGIBILITY_EID_GUARDIAN', minimumAge: min.eidLevel2 };
  return { ok: false, code: 'DK_ERR_ELIGIBILITY_EID_AGE', minimumAge: min.eidLevel2WithGuardian };
}
