import type { Assurance, IdentityProvenance, IdentitySource } from '../schemas/identity.ts';
import { formValues, mrzNameMatch, type IdentityCapture, type IdentityValues } from './identity-form.ts';
import { buildIdentityProvenance } from './provenance.ts';

/**
 * What the identity step submits, decided from the form, the card readings behind it and today
 * (a Ho Chi Minh day): the values, where the identity came from, how far it can be trusted, and
 * the provenance staff see. The rules:
 *
 * - read from the QR when the form still says exactly what the QR filled in; `declared` (a QR
 *   carries no signature);
 * - read from the chip when the form still says exactly what the chip filled in; `chip-verified`
 *   only when passive authentication succeeded against the trust list, else `declared`;
 * - read from the MRZ when the ID number, birth date and sex are still the MRZ's and the typed
 *   name matches the MRZ's (without diacritics); `declared`;
 * - otherwise typed by hand: `manual`, `declared`.
 *
 * A QR and a chip fill never stand together (each makes the other give way); an unchanged QR or
 * chip fill wins over an MRZ one, which covers only three fields. The provenance is staff
 * information only: should building it ever fail, the identity goes ahead without it.
 */
export interface ResolvedIdentity {
  values: IdentityValues;
  source: IdentitySource;
  assurance: Assurance;
  provenance?: IdentityProvenance;
}

const sameValues = (a: IdentityValues | null, b: IdentityValues): boolean =>
  a !== null && (Object.keys(b) as (keyof IdentityValues)[]).every((k) => a[k] === b[k]);

function sourceOf(capture: IdentityCapture, values: IdentityValues): Pick<ResolvedIdentity, 'source' | 'assurance'> {
  const { filled, readings } = capture;
  if (sameValues(filled.qr, values)) return { source: 'qr', assurance: 'declared' };
  if (sameValues(filled.chip, values))
    return { source: 'chip', assurance: readings.chip?.verdict === 'verified' ? 'chip-verified' : 'declared' };
  const mrz = filled.mrz;
  if (
    mrz !== null &&
    mrz.idNumber === values.idNumber &&
    mrz.birthDate === values.birthDate &&
    mrz.sex === values.sex &&
    mrzNameMatch(capture) === 'yes'
  )
    return { source: 'mrz', assurance: 'declared' };
  return { source: 'manual', assurance: 'declared' };
}

function provenanceOf(capture: IdentityCapture, values: IdentityValues, today: string): IdentityProvenance | undefined {
  const { chip, qr, mrz, mrzCorrections } = capture.readings;
  try {
    return buildIdentityProvenance({ chip, qr, mrz, mrzCorrections: mrz ? (mrzCorrections ?? []) : [], submitted: values, today });
  } catch {
    return undefined;
  }
}

export function resolveIdentity(capture: IdentityCapture, today: string): ResolvedIdentity {
  const values = formValues(capture.form);
  const provenance = provenanceOf(capture, values, today);
  return { values, ...sourceOf(capture, values), ...(provenance ? { provenance } : {}) };
}
