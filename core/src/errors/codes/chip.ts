import { defineCodes } from '../define.ts';
import { plainVi } from '../device-problems.ts';

/**
 * Chip reading: the PN532 reader link, ISO 7816 status words, ICAO 9303 access and secure
 * messaging, and the parsers of the data read from the chip (TLV, data groups).
 */
export const chipCodes = defineCodes({
  DK_ERR_NFC_FRAME_MALFORMED: {
    status: 502,
    en: 'The card reader sent a malformed frame',
    vi: plainVi('DK_ERR_NFC_FRAME_MALFORMED'),
  },
  DK_ERR_NFC_FRAME_CHECKSUM: {
    status: 502,
    en: 'A card reader frame failed its checksum',
    vi: plainVi('DK_ERR_NFC_FRAME_CHECKSUM'),
  },
  DK_ERR_NFC_READER_ERROR: { status: 502, en: 'The card reader reported an error', vi: plainVi('DK_ERR_NFC_READER_ERROR') },
  DK_ERR_NFC_READER_TIMEOUT: {
    status: 504,
    en: 'The card reader did not answer in time',
    vi: plainVi('DK_ERR_NFC_READER_TIMEOUT'),
  },
  DK_ERR_NFC_NO_CARD: { status: 404, en: 'No card in the reader field', vi: plainVi('DK_ERR_NFC_NO_CARD') },
  DK_ERR_NFC_CARD_REMOVED: {
    status: 409,
    en: 'The card left the reader field during the read',
    vi: plainVi('DK_ERR_NFC_CARD_REMOVED'),
  },
  DK_ERR_CHIP_STATUS: { status: 502, en: 'The chip answered with an unexpected status word', vi: plainVi('DK_ERR_CHIP_STATUS') },
  DK_ERR_CHIP_END_OF_FILE: {
    status: 502,
    en: 'The chip reached the end of the file before the requested length (6282)',
    vi: plainVi('DK_ERR_CHIP_END_OF_FILE'),
  },
  DK_ERR_CHIP_WRONG_LENGTH: { status: 502, en: 'The chip rejected the command length (6700)', vi: plainVi('DK_ERR_CHIP_WRONG_LENGTH') },
  DK_ERR_CHIP_SECURITY_STATUS: {
    status: 403,
    en: 'Security status not satisfied: access to the chip is not open (6982)',
    vi: plainVi('DK_ERR_CHIP_SECURITY_STATUS'),
  },
  DK_ERR_CHIP_SM_OBJECTS: {
    status: 502,
    en: 'The chip rejected the secure-messaging data objects (6987/6988)',
    vi: plainVi('DK_ERR_CHIP_SM_OBJECTS'),
  },
  DK_ERR_CHIP_FILE_NOT_FOUND: {
    status: 404,
    en: 'The file or application is not on the chip (6A82)',
    vi: plainVi('DK_ERR_CHIP_FILE_NOT_FOUND'),
  },
  DK_ERR_CHIP_WRONG_OFFSET: {
    status: 502,
    en: 'The read offset is beyond the end of the file (6B00)',
    vi: plainVi('DK_ERR_CHIP_WRONG_OFFSET'),
  },
  DK_ERR_CHIP_WRONG_LE: { status: 502, en: 'The chip asked for a different expected length (6Cxx)', vi: plainVi('DK_ERR_CHIP_WRONG_LE') },
  DK_ERR_CHIP_ACCESS_DENIED: {
    status: 403,
    en: 'Chip access refused: the access key (MRZ or CAN) does not match',
    vi: plainVi('DK_ERR_CHIP_ACCESS_DENIED'),
  },
  DK_ERR_CHIP_MAC_INVALID: {
    status: 502,
    en: 'A chip response failed its secure-messaging MAC check',
    vi: plainVi('DK_ERR_CHIP_MAC_INVALID'),
  },
  DK_ERR_CHIP_SM_MALFORMED: {
    status: 502,
    en: 'A secure-messaging response is malformed',
    vi: plainVi('DK_ERR_CHIP_SM_MALFORMED'),
  },
  DK_ERR_CHIP_APDU_INVALID: {
    status: 400,
    en: 'An APDU could not be built from these parameters',
    vi: plainVi('DK_ERR_CHIP_APDU_INVALID'),
  },
  DK_ERR_CHIP_TLV_MALFORMED: { status: 422, en: 'Chip data is not well-formed BER-TLV', vi: plainVi('DK_ERR_CHIP_TLV_MALFORMED') },
  DK_ERR_CHIP_TLV_TOO_LARGE: { status: 422, en: 'A chip data length is larger than allowed', vi: plainVi('DK_ERR_CHIP_TLV_TOO_LARGE') },
  DK_ERR_CHIP_TLV_TOO_DEEP: { status: 422, en: 'Chip data is nested deeper than allowed', vi: plainVi('DK_ERR_CHIP_TLV_TOO_DEEP') },
  DK_ERR_CHIP_DG_MALFORMED: {
    status: 422,
    en: 'A data group does not have the expected structure',
    vi: plainVi('DK_ERR_CHIP_DG_MALFORMED'),
  },
  DK_ERR_CHIP_SOD_SIGNER_MISMATCH: {
    status: 422,
    en: 'No certificate in EF.SOD matches the signer identifier of its SignerInfo (issuer and serial number, or subject key identifier)',
    vi: plainVi('DK_ERR_CHIP_SOD_SIGNER_MISMATCH'),
  },
  DK_ERR_CHIP_DS_REVOKED: {
    status: 422,
    en: 'The Document Signer certificate of the chip is revoked on its CSCA’s certificate revocation list',
    vi: plainVi('DK_ERR_CHIP_DS_REVOKED'),
  },
  DK_ERR_CHIP_CRL_INVALID: {
    status: 400,
    en: 'A certificate revocation list could not be read (PEM or DER X.509 CRL expected)',
    vi: plainVi('DK_ERR_CHIP_CRL_INVALID'),
  },
  DK_ERR_CHIP_PHOTO_UNSUPPORTED: {
    status: 422,
    en: 'The face photo on the chip cannot be shown: its format or size is not supported',
    vi: plainVi('DK_ERR_CHIP_PHOTO_UNSUPPORTED'),
  },
  DK_ERR_CHIP_PHOTO_TIMEOUT: {
    status: 504,
    en: 'Decoding the face photo on the chip took too long',
    vi: plainVi('DK_ERR_CHIP_PHOTO_TIMEOUT'),
  },
});
