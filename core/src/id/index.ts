/**
 * Reading the printed side of the citizen card, pure (BRIEF §1.1–1.3): the QR payload, the TD1
 * MRZ (with check-digit-proven corrections), the 12-digit number's structure, the cross-check
 * of all sources and the provenance staff see. OCR and scanners live in hardware/; this subpath
 * holds what a browser may also need.
 */
export { analyseIdNumber, type AnalyseIdNumberOptions, type IdNumberAnalysis } from './id-number.ts';
export { parseQr, type QrIdentity } from './qr.ts';
export { parseMrz, type MrzCheck, type MrzCheckName, type MrzFields, type MrzResult, type ParseMrzOptions } from './mrz.ts';
export { correctMrz, type CorrectedMrz, type MrzCorrection } from './correct-mrz.ts';
export { normaliseMrzLines, TD1_WIDTH } from './mrz-layout.ts';
export { buildTd1, type BuildTd1Input } from './build-mrz.ts';
export { crossCheck, type ChipFields, type CrossCheckResult, type CrossCheckSources, type ManualIdentity } from './cross-check.ts';
export { buildIdentityProvenance, type ChipReading, type ChipVerdict, type ProvenanceInput } from './provenance.ts';
export { comparableName, sameName } from './compare-names.ts';
export { finding, type IdFinding, type Severity, type Sex } from './finding.ts';
export { MAX_INPUT_BYTES } from './input-limit.ts';
export { isIcaoStateCode } from './icao-codes.ts';
export { noReadings, withReading, type CardReadings, type CardSource } from './card-readings.ts';
export {
  editForm,
  emptyCapture,
  emptyForm,
  fillFromChip,
  fillFromMrz,
  fillFromQr,
  formValues,
  isCitizenMrz,
  lacksDiacritics,
  mrzNameMatch,
  withMrzName,
  type IdentityCapture,
  type IdentityField,
  type IdentityForm,
  type IdentityValues,
  type MrzReading,
} from './identity-form.ts';
export { resolveIdentity, type ResolvedIdentity } from './resolve-identity.ts';
