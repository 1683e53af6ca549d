/**
 * ICAO 9303 chip data, pure: BER-TLV, data-group parsers, EF.COM. The crypto and the reader
 * live in hardware/src/nfc; this subpath holds what a browser may also need to read.
 */
export { bytesEqual, bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
export { encodeLength, encodeTlv, findTlv, parseTlv, parseTlvList, readTlvHeader, requireTlv, type Tlv, type TlvHeader, type TlvOptions } from './tlv.ts';
