import type { ChipReadResult } from '../agent/messages/nfc.ts';
import type { Identity } from '../schemas/identity.ts';
import { compareWithChip, type ChipComparedField, type FieldMatch } from './chip-comparison.ts';
import type { CardExpiryVerdict, ChipVerdictName } from './identity-evidence.ts';

/**
 * What the counter records of a chip read (`identity.chip-read`): the verdict, how the chip was
 * opened, per field whether the registration matched, and whether the card has expired on the
 * day — outcomes only, never the chip's values, which stay on the counter's screen for the
 * before/after of a correction. A card with no expiry (issued at 58 or older) reads `valid`;
 * a chip that does not say reads `unknown`.
 */
export interface ChipReadRecord {
  verdict: ChipVerdictName;
  access: ChipReadResult['access'];
  fields: Record<ChipComparedField, FieldMatch>;
  cardExpiry: CardExpiryVerdict;
}

export function chipReadRecord(
  registered: Pick<Identity, 'idNumber' | 'fullName' | 'birthDate' | 'sex'>,
  result: Pick<ChipReadResult, 'verdict' | 'access' | 'identity'>,
  day: string,
): ChipReadRecord {
  const expiry = result.identity.expiryDate;
  return {
    verdict: result.verdict,
    access: result.access,
    fields: compareWithChip(registered, result.identity),
    cardExpiry: expiry === undefined ? 'unknown' : expiry === null || expiry >= day ? 'valid' : 'expired',
  };
}
