import { describe, expect, it } from 'vitest';
import { DangkyError, errorCodeOf } from './dangky-error.ts';

/** A cause chain that loops back on itself, as a careless wrapper can make. */
const looping = (): Error => {
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  return a;
};

describe('errorCodeOf', () => {
  it.each<[string, unknown, string]>([
    ['our error', new DangkyError('DK_ERR_TOKEN_NOT_PRESENT'), 'DK_ERR_TOKEN_NOT_PRESENT'],
    ['our error wrapped once', new Error('call failed', { cause: new DangkyError('DK_ERR_PRINTER_OFFLINE') }), 'DK_ERR_PRINTER_OFFLINE'],
    [
      'our error wrapped twice',
      new Error('outer', { cause: new Error('inner', { cause: new DangkyError('DK_ERR_NETWORK') }) }),
      'DK_ERR_NETWORK',
    ],
    ['a registry code on a plain object (an answer off the wire)', { code: 'DK_ERR_WRONG_SITE' }, 'DK_ERR_WRONG_SITE'],
    [
      'the outermost code wins',
      new DangkyError('DK_ERR_TOKEN_TIMEOUT', { cause: new DangkyError('DK_ERR_NETWORK') }),
      'DK_ERR_TOKEN_TIMEOUT',
    ],
    ['a code that only looks like ours', { code: 'DK_ERR_NOT_IN_THE_REGISTRY' }, 'DK_ERR_INTERNAL'],
    ["someone else's code (Node's)", Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'DK_ERR_INTERNAL'],
    ['a string thrown', 'DK_ERR_NETWORK', 'DK_ERR_INTERNAL'],
    ['nothing', undefined, 'DK_ERR_INTERNAL'],
    ['a cause chain that loops', looping(), 'DK_ERR_INTERNAL'],
  ])('%s', (_, error, code) => {
    expect(errorCodeOf(error)).toBe(code);
  });

  it('falls back to the code the caller names', () => {
    expect(errorCodeOf(new TypeError('fetch failed'), 'DK_ERR_NETWORK')).toBe('DK_ERR_NETWORK');
  });
});
