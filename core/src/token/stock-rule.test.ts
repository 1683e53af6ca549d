import { describe, expect, it } from 'vitest';
import { issuedTokenRefusal, stockRefusal, type StockAnswer } from './stock-rule.ts';

describe('stockRefusal: the counter issues only on a token its site holds, when the check is on', () => {
  it.each<[string, StockAnswer, string | null]>([
    ['in stock, check on', { inStock: true, enforced: true }, null],
    ['not in stock, check on', { inStock: false, enforced: true }, 'DK_ERR_TOKEN_NOT_IN_STOCK'],
    ['not in stock, check off (the demo)', { inStock: false, enforced: false }, null],
    ['offline, check on', { unreachable: true, enforced: true }, 'DK_ERR_TOKEN_STOCK_UNCHECKED'],
    ['offline, never known whether the check is on', { unreachable: true }, 'DK_ERR_TOKEN_STOCK_UNCHECKED'],
    ['offline, check off', { unreachable: true, enforced: false }, null],
  ])('%s → %s', (_, answer, code) => {
    expect(stockRefusal(answer)).toBe(code);
  });
});

describe('issuedTokenRefusal: the server’s check of a token.issued', () => {
  it.each<[boolean, string | null, string | null]>([
    [true, 'in-stock', null],
    [true, null, 'DK_ERR_TOKEN_NOT_IN_STOCK'],
    [true, 'issued', 'DK_ERR_TOKEN_NOT_IN_STOCK'],
    [true, 'spoiled', 'DK_ERR_TOKEN_NOT_IN_STOCK'],
    [true, 'returned', 'DK_ERR_TOKEN_NOT_IN_STOCK'],
    [false, null, null],
    [false, 'issued', null],
  ])('check %s, serial %s → %s', (enforced, state, code) => {
    expect(issuedTokenRefusal(enforced, state)).toBe(code);
  });
});
