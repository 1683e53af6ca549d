import { DangkyError } from '../errors/index.ts';

/** A data group whose TLV is fine but whose structure is not what ICAO 9303 / BRIEF §1.4 says. */
export const dgMalformed = (group: string, reason: string, cause?: unknown): DangkyError =>
  new DangkyError('DK_ERR_CHIP_DG_MALFORMED', { ...(cause === undefined ? {} : { cause }), detail: { group, reason } });

/** Runs a parser; any non-typed failure inside becomes DG_MALFORMED (typed errors pass through). */
export function asDgError<T>(group: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DangkyError) throw error;
    throw dgMalformed(group, 'unexpected structure', error);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 (UTF8String and PrintableString alike) to NFC; invalid bytes are a typed error. */
export function decodeText(group: string, bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes).normalize('NFC');
  } catch (cause) {
    throw dgMalformed(group, 'text is not valid UTF-8', cause);
  }
}
