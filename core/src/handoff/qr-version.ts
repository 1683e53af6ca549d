/**
 * The smallest QR version that holds a text at error-correction level M (what the ticket printer
 * prints), so the kiosk can pick a module size that keeps the printed code inside the paper and
 * the tests can say how big a ticket's code is. Data codewords per version at level M from
 * ISO/IEC 18004 Table 7; alphanumeric mode (11 bits per 2 characters) when every character is in
 * its 45-character set — Base45 text always is — else byte mode on the UTF-8 bytes.
 */
const M_DATA_CODEWORDS = [
  16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669, 714, 782, 860, 914, 1000, 1062, 1128, 1193,
  1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334,
];
const ALNUM = /^[0-9A-Z $%*+\-./:]*$/;

function bitsFor(text: string, version: number): number {
  if (ALNUM.test(text)) {
    const count = version <= 9 ? 9 : version <= 26 ? 11 : 13;
    return 4 + count + Math.floor(text.length / 2) * 11 + (text.length % 2) * 6;
  }
  const bytes = new TextEncoder().encode(text).length;
  return 4 + (version <= 9 ? 8 : 16) + bytes * 8;
}

/** The QR version (1–40) at level M, or `null` when the text does not fit in a QR code at all. */
export function qrVersionAtM(text: string): number | null {
  for (let v = 1; v <= 40; v++) if (bitsFor(text, v) <= M_DATA_CODEWORDS[v - 1]! * 8) return v;
  return null;
}

/** Modules across the symbol (without the quiet zone). */
export const qrModules = (version: number): number => 17 + 4 * version;

/**
 * Printer dots per module for a version on paper `dots` wide (58 mm: 384, 80 mm: 576), quiet zone
 * of 4 modules each side included: the largest of 5, 4, 3 that fits. 3 dots is 0.375 mm at 203 dpi,
 * still well above what counter scanners resolve; below that the code is not printed legibly, so 0.
 */
export function ticketModuleDots(version: number, dots: number): number {
  for (const size of [5, 4, 3]) if ((qrModules(version) + 8) * size <= dots) return size;
  return 0;
}
