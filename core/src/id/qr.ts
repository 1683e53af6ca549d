import { DangkyError } from '../errors/index.ts';
import { address as addressSchema, fullName as fullNameSchema, ID_NUMBER, OLD_ID_NUMBER } from '../schemas/identity.ts';
import { ddMMyyyyToIso } from './dates.ts';
import type { Sex } from './finding.ts';
import { assertBounded } from './input-limit.ts';

/**
 * The QR code on the card (BRIEF §1.2): UTF-8, fields separated by `|`:
 * `0 ID number (12 digits) | 1 old CMND (9 digits or empty) | 2 full name | 3 birth ddMMyyyy |
 * 4 Nam/Nữ | 5 address | 6 issue date ddMMyyyy [| 7–10 new card only, meaning unpublished]`.
 * Seven fields is the chip CCCD (2021–Jun 2024), more is the "Căn cước" card (from Jul 2024);
 * the trailing fields are counted, never returned (they may hold parents' names). A serial
 * scanner ends the payload with CR (or CRLF): trailing line ends are dropped. Text is NFC.
 *
 * Anything that is not such a payload throws DK_ERR_QR_FORMAT (detail: which field, never its
 * content); over 1 KB throws DK_ERR_ID_INPUT_TOO_LONG.
 */
export interface QrIdentity {
  generation: 'cccd' | 'can-cuoc';
  idNumber: string;
  oldIdNumber: string | null;
  fullName: string;
  birthDate: string;
  sex: Sex;
  address: string;
  issueDate: string;
  /** Fields after the seventh (new card): counted only. */
  extraFieldCount: number;
}

const SEX = new Map<string, Sex>([
  ['nam', 'M'],
  ['nữ', 'F'],
]);

const formatError = (field: string): DangkyError => new DangkyError('DK_ERR_QR_FORMAT', { detail: { field } });

export function parseQr(payload: string): QrIdentity {
  if (typeof payload !== 'string') throw formatError('payload');
  assertBounded(payload);
  const text = payload
    .replace(/^\uFEFF/, '')
    .replace(/[\r\n]+$/, '')
    .normalize('NFC');
  // Control characters inside the payload mean a broken scan (a keyboard wedge, a second payload).
  if (/[\p{Cc}]/u.test(text)) throw formatError('payload');
  const fields = text.split('|');
  if (fields.length < 7) throw formatError('fieldCount');
  const [idNumber = '', oldId = '', name = '', birth = '', sexText = '', place = '', issue = ''] = fields.map((f) => f.trim());

  if (!ID_NUMBER.test(idNumber)) throw formatError('idNumber');
  if (oldId !== '' && !OLD_ID_NUMBER.test(oldId)) throw formatError('oldIdNumber');
  const fullName = fullNameSchema.safeParse(name);
  if (!fullName.success) throw formatError('fullName');
  const birthDate = ddMMyyyyToIso(birth);
  if (!birthDate) throw formatError('birthDate');
  const sex = SEX.get(sexText.toLowerCase());
  if (!sex) throw formatError('sex');
  const address = addressSchema.safeParse(place);
  if (!address.success) throw formatError('address');
  const issueDate = ddMMyyyyToIso(issue);
  if (!issueDate) throw formatError('issueDate');

  return {
    generation: fields.length > 7 ? 'can-cuoc' : 'cccd',
    idNumber,
    oldIdNumber: oldId === '' ? null : oldId,
    fullName: fullName.data,
    birthDate,
    sex,
    address: address.data,
    issueDate,
    extraFieldCount: fields.length - 7,
  };
}
