import { describe, expect, it } from 'vitest';
import { pushResponse } from './sync.ts';

const answer = (code: unknown) => ({
  results: [
    { id: 'a', status: 'accepted' },
    { id: 'b', status: 'rejected', code, message: 'refused' },
  ],
  missingSeqs: [],
  serverTime: '2026-11-22T02:00:00.000Z',
});

describe('pushResponse', () => {
  it('keeps a rejection code of the registry as the typed code', () => {
    expect(pushResponse.parse(answer('DK_ERR_ILLEGAL_TRANSITION')).results[1]).toMatchObject({ code: 'DK_ERR_ILLEGAL_TRANSITION' });
  });

  it.each([['DK_ERR_FROM_A_NEWER_SERVER'], [42], [null]])(
    'reads a code this version does not know (%s) as DK_ERR_INTERNAL, still a rejection, and keeps the rest of the answer',
    (code) => {
      const parsed = pushResponse.parse(answer(code));
      expect(parsed.results).toEqual([
        { id: 'a', status: 'accepted' },
        { id: 'b', status: 'rejected', code: 'DK_ERR_INTERNAL', message: 'refused' },
      ]);
    },
  );
});
