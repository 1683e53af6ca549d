import { DangkyError } from '@dangky/core/errors';

/**
 * Windows-1258 (CP1258), the Vietnamese Windows code page that receipt printers carry. It has
 * only a few precomposed Vietnamese letters (â ê ô ơ ư ă đ and some Latin-1 ones like á à é),
 * plus the five tone marks as combining characters (0xCC grave, 0xEC acute, 0xDE tilde, 0xD2 hook
 * above, 0xF2 dot below). So "ữ" goes out as "ư" (0xFD) followed by a combining tilde (0xDE).
 *
 * The table is Microsoft's (unicode.org MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1258.TXT); the test
 * checks every byte against Node's `TextDecoder('windows-1258')`. Bytes Microsoft leaves
 * undefined are `null` here (WHATWG maps them to C1 controls, which a printer never prints).
 */
// prettier-ignore
const HIGH: readonly (number | null)[] = [
  // 0x80
  0x20ac, null, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, null, 0x2039, 0x0152, null, null, null,
  // 0x90
  null, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, null, 0x203a, 0x0153, null, null, 0x0178,
  // 0xA0
  0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7, 0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
  // 0xB0
  0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7, 0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
  // 0xC0
  0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x00c5, 0x00c6, 0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x0300, 0x00cd, 0x00ce, 0x00cf,
  // 0xD0
  0x0110, 0x00d1, 0x0309, 0x00d3, 0x00d4, 0x01a0, 0x00d6, 0x00d7, 0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x01af, 0x0303, 0x00df,
  // 0xE0
  0x00e0, 0x00e1, 0x00e2, 0x0103, 0x00e4, 0x00e5, 0x00e6, 0x00e7, 0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x0301, 0x00ed, 0x00ee, 0x00ef,
  // 0xF0
  0x0111, 0x00f1, 0x0323, 0x00f3, 0x00f4, 0x01a1, 0x00f6, 0x00f7, 0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x01b0, 0x20ab, 0x00ff,
];

/** The five Vietnamese tone marks, which CP1258 carries as combining characters. */
const TONE_MARKS = new Set([0x0300, 0x0301, 0x0303, 0x0309, 0x0323]);

const BYTE_OF = new Map<number, number>(HIGH.flatMap((cp, i) => (cp === null ? [] : [[cp, 0x80 + i] as [number, number]])));

/** The character a CP1258 byte prints as; U+FFFD for a byte the code page leaves undefined. Bytes below 0x80 are ASCII. */
export function cp1258Char(byte: number): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  const cp = HIGH[byte - 0x80];
  return cp === null || cp === undefined ? '\uFFFD' : String.fromCodePoint(cp);
}

/** Printable ASCII and the defined high half; control characters are never text (they would be commands). */
function byteOfCodePoint(cp: number): number | undefined {
  if (cp >= 0x20 && cp < 0x7f) return cp;
  return BYTE_OF.get(cp);
}

function unencodable(cp: number): DangkyError {
  return new DangkyError('DK_ERR_PRINTER_UNENCODABLE', {
    detail: { codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, codePage: 'windows-1258' },
  });
}

/**
 * Text → CP1258 bytes. Each character of the NFC form is sent as is when the code page has it,
 * otherwise as its base letter (with circumflex, breve or horn composed back, since CP1258 has
 * â ê ô ơ ư ă) followed by combining tone marks. Anything else, including control characters,
 * throws DK_ERR_PRINTER_UNENCODABLE.
 */
export function encodeCp1258(text: string): number[] {
  const out: number[] = [];
  for (const char of text.normalize('NFC')) {
    const cp = char.codePointAt(0) ?? 0;
    const direct = byteOfCodePoint(cp);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const parts = [...char.normalize('NFD')].map((c) => c.codePointAt(0) ?? 0);
    const tones = parts.filter((p) => TONE_MARKS.has(p));
    const base = String.fromCodePoint(...parts.filter((p) => !TONE_MARKS.has(p))).normalize('NFC');
    const baseCps = [...base].map((c) => c.codePointAt(0) ?? 0);
    const baseByte = baseCps.length === 1 ? byteOfCodePoint(baseCps[0] ?? 0) : undefined;
    // The split must print the same letter: base then tones is canonically equivalent to `char`.
    if (tones.length === 0 || baseByte === undefined || (base + String.fromCodePoint(...tones)).normalize('NFC') !== char)
      throw unencodable(cp);
    out.push(baseByte, ...tones.map((t) => BYTE_OF.get(t) ?? 0));
  }
  return out;
}
