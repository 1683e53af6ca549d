import { isRealIsoDate } from '../schemas/primitives.ts';

/** `ddMMyyyy` (the QR payload, BRIEF §1.2) → `YYYY-MM-DD`, or null when it is not a calendar date. */
export function ddMMyyyyToIso(text: string): string | null {
  if (!/^\d{8}$/.test(text)) return null;
  const iso = `${text.slice(4, 8)}-${text.slice(2, 4)}-${text.slice(0, 2)}`;
  return isRealIsoDate(iso) ? iso : null;
}

/**
 * MRZ `YYMMDD` → `YYYY-MM-DD` (BRIEF §1.3). A birth date takes the latest century that does not
 * put it after `today`; an expiry date is always 20YY (cards are valid for decades, not a
 * century). Null when the text is not a calendar date.
 */
export function yymmddToIso(text: string, rule: { kind: 'birth'; today: string } | { kind: 'expiry' }): string | null {
  if (!/^\d{6}$/.test(text)) return null;
  const rest = `${text.slice(0, 2)}-${text.slice(2, 4)}-${text.slice(4, 6)}`;
  let iso = `20${rest}`;
  if (rule.kind === 'birth' && iso > rule.today) iso = `19${rest}`;
  return isRealIsoDate(iso) ? iso : null;
}
