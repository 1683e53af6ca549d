import { describe, expect, it } from 'vitest';
import { errorBody } from '@dangky/core/errors';
import { errorFromResponse } from './http-client.ts';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('errorFromResponse', () => {
  it("keeps a busy server's retry-after (seconds) as detail.retryAfterMs for the sync machine", async () => {
    const err = await errorFromResponse(answer(503, errorBody('DK_ERR_SERVER_BUSY'), { 'retry-after': '7' }));
    expect(err.code).toBe('DK_ERR_SERVER_BUSY');
    expect(err.detail).toEqual({ status: 503, retryAfterMs: 7000 });
  });

  it.each([[{}], [{ 'retry-after': 'Fri, 31 Dec 1999 23:59:59 GMT' }], [{ 'retry-after': '0' }]])(
    'gives no retryAfterMs without a usable header %j',
    async (headers) => {
      const err = await errorFromResponse(answer(502, 'bad gateway', headers));
      expect(err.code).toBe('DK_ERR_NETWORK');
      expect(err.detail).toEqual({ status: 502 });
    },
  );
});
