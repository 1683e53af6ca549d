import { DangkyError } from '@dangky/core/errors';
import { correctMrz, parseMrz, type MrzResult } from '@dangky/core/id';
import { applyLayoutFixes, mrzLinesFromText } from '@dangky/core/ocr';

/**
 * Recognised text of one camera frame → one MRZ reading, the same steps as the technician's
 * `dangky-hw id ocr-mrz` (hardware/src/ocr/read-mrz-image.ts): cut to 3 × 30, layout fixes,
 * corrections a check digit proves, parse. Text that is no TD1 MRZ at all (the card held askew,
 * the front shown) is null — every typed parse error means "not this frame": on live video that frame is just skipped.
 */
export function mrzReadingFromText(text: string, options: { today: string }): MrzResult | null {
  try {
    const layout = applyLayoutFixes(mrzLinesFromText(text));
    return parseMrz(correctMrz(layout.lines).lines, { today: options.today });
  } catch (error) {
    if (error instanceof DangkyError) return null;
    throw error;
  }
}
