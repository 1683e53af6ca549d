import { DangkyError } from '@dangky/core/errors';
import { Name } from './x509.ts';

/**
 * The subject of an individual signing certificate (BRIEF §3): `C=VN`, `ST=<province>`,
 * `CN=<full name with diacritics>` as UTF8String, `UID=CCCD:<12 digits>`. Built by
 * @peculiar/x509 from JSON, so the string types are chosen here and not by a DN parser.
 */

export const OID_COUNTRY = '2.5.4.6';
export const OID_STATE = '2.5.4.8';
export const OID_COMMON_NAME = '2.5.4.3';
export const OID_UID = '0.9.2342.19200300.100.1.1';

export interface CitizenSubject {
  fullName: string;
  /** The 12-digit citizen ID number (CCCD). */
  idNumber: string;
  province: string;
}

export function citizenName(subject: CitizenSubject): Name {
  const fullName = subject.fullName.normalize('NFC').trim();
  const province = subject.province.normalize('NFC').trim();
  if (!/^\d{12}$/.test(subject.idNumber))
    throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { message: 'The ID number must be 12 digits' });
  if (fullName.length < 2 || fullName.length > 64 || province.length < 2 || province.length > 128) {
    throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { message: 'Full name (2–64) and province (2–128) are required' });
  }
  return new Name([
    { [OID_COUNTRY]: [{ printableString: 'VN' }] },
    { [OID_STATE]: [{ utf8String: province }] },
    { [OID_COMMON_NAME]: [{ utf8String: fullName }] },
    { [OID_UID]: [{ utf8String: `CCCD:${subject.idNumber}` }] },
  ]);
}

/** Reads a subject back and checks it is one a citizen certificate may carry; throws DK_ERR_CA_REQUEST_INVALID. */
export function parseCitizenName(name: Name): CitizenSubject {
  const one = (oid: string) => {
    const values = name.getField(oid);
    return values.length === 1 ? values[0]! : undefined;
  };
  const country = one(OID_COUNTRY);
  const province = one(OID_STATE);
  const fullName = one(OID_COMMON_NAME);
  const cccd = name.getField(OID_UID).find((v) => /^CCCD:\d{12}$/.test(v));
  if (country !== 'VN' || !province || !fullName || !cccd) {
    throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { message: 'The subject must have C=VN, one ST, one CN and UID=CCCD:<12 digits>' });
  }
  return { fullName, province, idNumber: cccd.slice('CCCD:'.length) };
}
