/**
 * ICAO 9303 chip data, pure: BER-TLV, APDUs and status words, the BAC key string, EF.COM,
 * EF.CardAccess, EF.SOD, DG1, DG2 (the face record) and DG13 (with redaction). The crypto, the reader and the
 * simulator live in hardware/src/nfc; this subpath holds what a browser may also need.
 */
export { bytesEqual, bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
export {
  encodeLength,
  encodeTlv,
  findTlv,
  parseTlv,
  parseTlvList,
  readTlvHeader,
  requireTlv,
  type Tlv,
  type TlvHeader,
  type TlvOptions,
} from './tlv.ts';
export {
  EF,
  EMRTD_AID,
  encodeApdu,
  externalAuthenticate,
  getChallenge,
  isExtended,
  parseResponse,
  readBinary,
  readBinaryShortEf,
  selectAid,
  selectEf,
  type CommandApdu,
  type ResponseApdu,
} from './apdu.ts';
export { assertStatusOk, statusWordCode } from './status-words.ts';
export { bacKeyInfo, mrzCheckDigit, type BacKeyInput } from './mrz-key.ts';
export { DG_TAGS, parseEfCom, type EfCom } from './ef-com.ts';
export { parseDg1, type Dg1 } from './dg1.ts';
export { chipDateToIso, parseDg13, redactDg13, type Dg13, type RedactedDg13, type SensitiveDg13Field } from './dg13.ts';
export { encodeDg13 } from './dg13-encode.ts';
export { DG2_MAX_LENGTH, encodeDg2, imageFormatOf, parseDg2, type Dg2Face, type EncodeDg2Options } from './dg2.ts';
export { STANDARD_DOMAIN_PARAMETERS, decodeOid, parseCardAccess, type CardAccess, type PaceInfo } from './card-access.ts';
export { parseSod, type SignerIdentifier, type Sod } from './sod.ts';
