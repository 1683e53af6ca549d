import { noReadings, withReading, type CardReadings } from './card-readings.ts';
import { sameName } from './compare-names.ts';
import type { MrzCorrection } from './correct-mrz.ts';
import type { MrzResult } from './mrz.ts';
import type { ChipReading } from './provenance.ts';
import type { QrIdentity } from './qr.ts';

/**
 * The identity step's form, field by field, as the citizen sees it — typed, or filled by a card
 * reading — and the readings behind it. A reading fills the fields it has and remembers what the
 * form said right after: while the form still says exactly that, the identity counts as read
 * from the card (see resolve-identity.ts); any edit makes it typed. The birth date is the three
 * boxes the citizen fills (day, month, year), easier on a touch screen than a date picker.
 *
 * Pure and total: every function returns a new capture; nothing here reads a clock or a device.
 */
export interface IdentityForm {
  idNumber: string;
  fullName: string;
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  sex: 'M' | 'F' | '';
  address: string;
}

export type IdentityField = keyof IdentityForm;

/** What the form submits: the ID number's digits, the birth date as `YYYY-MM-DD` (or '' while incomplete). */
export interface IdentityValues {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F' | '';
  address: string;
}

export interface IdentityCapture {
  form: IdentityForm;
  readings: CardReadings;
  /** The form's values right after each reading filled it; null once another reading took over. */
  filled: { chip: IdentityValues | null; qr: IdentityValues | null; mrz: IdentityValues | null };
}

/** The MRZ reading the camera accepted, with what its check digits corrected. */
export interface MrzReading {
  result: MrzResult;
  corrections: readonly MrzCorrection[];
}

export const emptyForm = (): IdentityForm => ({
  idNumber: '',
  fullName: '',
  birthDay: '',
  birthMonth: '',
  birthYear: '',
  sex: '',
  address: '',
});

export const emptyCapture = (): IdentityCapture => ({
  form: emptyForm(),
  readings: noReadings(),
  filled: { chip: null, qr: null, mrz: null },
});

const digits = (s: string) => s.replace(/\D/g, '');

export function formValues(form: IdentityForm): IdentityValues {
  const { birthDay: d, birthMonth: m, birthYear: y } = form;
  return {
    idNumber: digits(form.idNumber),
    fullName: form.fullName,
    birthDate: d && m && y.length === 4 ? `${y}-${digits(m).padStart(2, '0')}-${digits(d).padStart(2, '0')}` : '',
    sex: form.sex,
    address: form.address,
  };
}

/** The citizen typed: the fields given change, nothing else does. */
export const editForm = (capture: IdentityCapture, changes: Partial<IdentityForm>): IdentityCapture => ({
  ...capture,
  form: { ...capture.form, ...changes },
});

const birthBoxes = (iso: string): Pick<IdentityForm, 'birthDay' | 'birthMonth' | 'birthYear'> => {
  const [birthYear = '', birthMonth = '', birthDay = ''] = iso.split('-');
  return { birthDay, birthMonth, birthYear };
};

/** A card QR fills every field; the chip's reading and fill give way (as the chip status resets), the MRZ's fill too. */
export function fillFromQr(capture: IdentityCapture, qr: QrIdentity): IdentityCapture {
  const form: IdentityForm = {
    idNumber: qr.idNumber,
    fullName: qr.fullName,
    ...birthBoxes(qr.birthDate),
    sex: qr.sex,
    address: qr.address,
  };
  return {
    form,
    readings: withReading(capture.readings, 'qr', qr, ['chip']),
    filled: { chip: null, qr: formValues(form), mrz: null },
  };
}

/** The chip fills the fields it has; the QR's fill gives way, the MRZ's stays (its fields may still agree). */
export function fillFromChip(capture: IdentityCapture, chip: ChipReading): IdentityCapture {
  const c = chip.identity;
  const form: IdentityForm = {
    ...capture.form,
    ...(c.idNumber ? { idNumber: c.idNumber } : {}),
    ...(c.fullName ? { fullName: c.fullName } : {}),
    ...(c.birthDate ? birthBoxes(c.birthDate) : {}),
    ...(c.sex === 'M' || c.sex === 'F' ? { sex: c.sex } : {}),
    ...(c.address ? { address: c.address } : {}),
  };
  return {
    form,
    readings: withReading(capture.readings, 'chip', chip),
    filled: { chip: formValues(form), qr: null, mrz: capture.filled.mrz },
  };
}

/** A Vietnamese citizen card's MRZ: the fields the camera can read on a citizen card's back. */
export const isCitizenMrz = (result: MrzResult): boolean =>
  result.fields.layout === 'VNM' && result.fields.idNumber !== null && result.fields.birthDate !== null && result.fields.sex !== null;

/**
 * The MRZ fills the ID number, birth date and sex. Its name has no diacritics, so it never
 * overwrites a typed or QR name (see `mrzNameMatch`, `withMrzName`). The chip's reading and fill
 * give way. Call it with a citizen card's MRZ only (`isCitizenMrz`).
 */
export function fillFromMrz(capture: IdentityCapture, reading: MrzReading): IdentityCapture {
  const f = reading.result.fields;
  const form: IdentityForm = {
    ...capture.form,
    idNumber: f.idNumber ?? capture.form.idNumber,
    ...(f.birthDate ? birthBoxes(f.birthDate) : {}),
    sex: f.sex ?? capture.form.sex,
  };
  return {
    form,
    readings: { ...withReading(capture.readings, 'mrz', reading.result, ['chip']), mrzCorrections: reading.corrections },
    filled: { chip: null, qr: capture.filled.qr, mrz: formValues(form) },
  };
}

/**
 * The typed name against the MRZ's (no diacritics, maybe cut to fit): `empty` while the name
 * field is, null without an MRZ reading.
 */
export function mrzNameMatch(capture: IdentityCapture): 'yes' | 'no' | 'empty' | null {
  const mrz = capture.readings.mrz?.fields;
  if (!mrz) return null;
  if (capture.form.fullName.trim() === '') return 'empty';
  return sameName(capture.form.fullName, mrz.fullName, { truncatedB: mrz.nameTruncated }) ? 'yes' : 'no';
}

/** The MRZ name as a starting point (title case); the citizen is asked to add the diacritics. */
export function withMrzName(capture: IdentityCapture): IdentityCapture {
  const name = capture.readings.mrz?.fields.fullName ?? '';
  return editForm(capture, { fullName: name.toLowerCase().replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase()) });
}

/** A name written without any Vietnamese diacritic (as an MRZ name is). */
export const lacksDiacritics = (name: string): boolean => !/\p{M}|đ/iu.test(name.normalize('NFD'));
