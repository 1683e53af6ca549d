import { describe, expect, it } from 'vitest';
import { cardValidity } from './card-validity.ts';

describe('cardValidity: an expired card blocks issuance', () => {
  it.each([
    [{ expiryDate: '2026-11-22' }, null],
    [{ expiryDate: '2026-11-21' }, 'DK_ERR_ISSUANCE_CARD_EXPIRED'],
    [{ expiryDate: null }, null],
    [{}, null],
    [{ chipExpiry: 'expired' as const }, 'DK_ERR_ISSUANCE_CARD_EXPIRED'],
    [{ expiryDate: '2039-05-15', chipExpiry: 'expired' as const }, 'DK_ERR_ISSUANCE_CARD_EXPIRED'],
    // The registration's date was mistyped; the card on the reader is valid.
    [{ expiryDate: '2020-01-01', chipExpiry: 'valid' as const }, null],
    [{ expiryDate: '2020-01-01', chipExpiry: 'unknown' as const }, 'DK_ERR_ISSUANCE_CARD_EXPIRED'],
  ])('%j on 2026-11-22 → %s', (input, code) => {
    const decision = cardValidity({ ...input, day: '2026-11-22' });
    expect(decision.ok ? null : decision.code).toBe(code);
  });
});
