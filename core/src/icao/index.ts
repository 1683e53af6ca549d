/**
 * ICAO 9303 chip data, pure: BER-TLV, data-group parsers, EF.COM. The crypto and the reader
 * live in hardware/src/nfc; this subpath holds what a browser may also need to read.
 */
export { bytesEqual, bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
export { encodeLength, encodeTlv, findTlv, parseTlv, parseTlvList, readTlvHeader, requireTlv, type Tlv, type TlvHeader, type TlvOptions } from './tlv.ts';
export { EF, EMRTD_AID, encodeApdu, externalAuthenticate, getChallenge, isExtended, parseResponse, readBinary, readBinaryShortEf, selectAid, selectEf, type CommandApdu, type ResponseApdu } from './apdu.ts';
export { assertStatusOk, statusWordCode } from './status-words.ts';
export { bacKeyInfo, mrzCheckDigit, type BacKeyInput } from './mrz-key.ts';
