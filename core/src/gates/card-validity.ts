import { pass, type GateDecision } from './decision.ts';

/**
 * What the counter knows about the card's expiry: the date the registration carries (from the
 * card's QR, MRZ or chip at the kiosk) and what the counter's own chip read found. The chip read
 * is recorded as a verdict only (`valid` / `expired` / `unknown`), never the date itself.
 */
export interface CardValidityInput {
  /** `YYYY-MM-DD` or null/absent when the registration has none (typed by hand, or a card with no expiry). */
  expiryDate?: string | null;
  /** The counter's chip read, when there was one. */
  chipExpiry?: 'valid' | 'expired' | 'unknown' | null;
  /** `YYYY-MM-DD`: the Ho Chi Minh day of the issuance. */
  day: string;
}

/**
 * An expired card blocks issuance: the card is the identity document the signature rests on.
 * A card is valid through its expiry day. A card issued at 58 or older never expires (MRZ
 * `991231`); the parsers give no expiry date for it, which reads as "not expired".
 */
export function cardValidity({ expiryDate, chipExpiry, day }: CardValidityInput): GateDecision {
  if (chipExpiry === 'expired') return { ok: false, code: 'DK_ERR_ISSUANCE_CARD_EXPIRED' };
  if (expiryDate && expiryDate < day && chipExpiry !== 'valid') return { ok: false, code: 'DK_ERR_ISSUANCE_CARD_EXPIRED' };
  return pass;
}
