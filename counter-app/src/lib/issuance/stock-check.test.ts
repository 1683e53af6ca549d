import { describe, expect, it } from 'vitest';
import type { PairingLink } from '@dangky/core/protocol';
import { checkTokenStock } from './stock-check.ts';

const pairing = { server: 'http://server.test', deviceId: 'counter-1', deviceSecret: 's'.repeat(43) } as PairingLink;
const answering =
  (body: unknown, asked: string[] = []): typeof fetch =>
  async (url) => {
    asked.push(String(url));
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
const offline: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};

describe('checkTokenStock: the site’s stock asked before a key is generated', () => {
  it('goes on a token the site holds, refuses one it does not, with the serial in the question', async () => {
    const asked: string[] = [];
    expect(await checkTokenStock(pairing, 'AB12CD34', true, answering({ serial: 'AB12CD34', inStock: true, enforced: true }, asked))).toBe(
      null,
    );
    expect(asked[0]).toContain('serial=AB12CD34');
    expect(await checkTokenStock(pairing, 'AB12CD34', true, answering({ serial: 'AB12CD34', inStock: false, enforced: true }))).toBe(
      'DK_ERR_TOKEN_NOT_IN_STOCK',
    );
  });

  it('offline: no issuance while the check is on or not known; nothing asked when it is off', async () => {
    expect(await checkTokenStock(pairing, 'AB12CD34', true, offline)).toBe('DK_ERR_TOKEN_STOCK_UNCHECKED');
    expect(await checkTokenStock(pairing, 'AB12CD34', undefined, offline)).toBe('DK_ERR_TOKEN_STOCK_UNCHECKED');
    const asked: string[] = [];
    expect(await checkTokenStock(pairing, 'AB12CD34', false, answering({}, asked))).toBe(null);
    expect(asked).toEqual([]);
  });
});
