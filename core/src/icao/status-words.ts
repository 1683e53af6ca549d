import { DangkyError, type ErrorCode } from '../errors/index.ts';

/**
 * ISO 7816-4 status words → our error codes. `9000` is success; `61xx` is handled by the
 * transport (GET RESPONSE), so anything else here is a failure. The reader decides what to do
 * with some of them (`6700`/`6282` → smaller chunks, `6A82` on DG11 → absent file).
 */
export function statusWordCode(sw: number): ErrorCode | undefined {
  if (sw === 0x9000) return undefined;
  if (sw === 0x6282) return 'DK_ERR_CHIP_END_OF_FILE';
  if (sw === 0x6700) return 'DK_ERR_CHIP_WRONG_LENGTH';
  if (sw === 0x6982) return 'DK_ERR_CHIP_SECURITY_STATUS';
  if (sw === 0x6987 || sw === 0x6988) return 'DK_ERR_CHIP_SM_OBJECTS';
  if (sw === 0x6a82) return 'DK_ERR_CHIP_FILE_NOT_FOUND';
  if (sw === 0x6b00) return 'DK_ERR_CHIP_WRONG_OFFSET';
  if (sw >> 8 === 0x6c) return 'DK_ERR_CHIP_WRONG_LE';
  // 6300 / 63Cx: authentication failed (BAC EXTERNAL AUTHENTICATE, PACE General Authenticate).
  if (sw === 0x6300 || sw >> 4 === 0x63c) return 'DK_ERR_CHIP_ACCESS_DENIED';
  return 'DK_ERR_CHIP_STATUS';
}

const hex4 = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** Throws the typed error for a non-success status word. `6Cxx` carries the length the chip wants. */
export function assertStatusOk(sw: number): void {
  const code = statusWordCode(sw);
  if (!code) return;
  const detail: Record<string, unknown> = { sw: hex4(sw) };
  if (code === 'DK_ERR_CHIP_WRONG_LE') detail.expectedLength = sw & 0xff || 256;
  throw new DangkyError(code, { detail });
}
