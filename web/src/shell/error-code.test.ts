import { describe, expect, it } from 'vitest';
import { DangkyError, errorRegistry } from '@dangky/core/errors';
import { codeOf } from './error-code.ts';

describe('codeOf', () => {
  it.each([
    ['a DangkyError', new DangkyError('DK_ERR_NETWORK'), 'DK_ERR_NETWORK'],
    ['a plain object with a code', { code: 'DK_ERR_PRINTER_OFFLINE' }, 'DK_ERR_PRINTER_OFFLINE'],
    [
      'a code in the cause chain',
      new Error('outer', { cause: new Error('mid', { cause: new DangkyError('DK_ERR_AGENT_TIMEOUT') }) }),
      'DK_ERR_AGENT_TIMEOUT',
    ],
    [
      'the outermost code first',
      Object.assign(new Error('x', { cause: { code: 'DK_ERR_NETWORK' } }), { code: 'DK_ERR_FORBIDDEN' }),
      'DK_ERR_FORBIDDEN',
    ],
    ['a code of another kind (Node, DOM)', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'DK_ERR_INTERNAL'],
    ['a lower-case look-alike', { code: 'dk_err_network' }, 'DK_ERR_INTERNAL'],
    ['a string', 'DK_ERR_NETWORK', 'DK_ERR_INTERNAL'],
    ['nothing', undefined, 'DK_ERR_INTERNAL'],
  ])('%s', (_what, error, code) => {
    expect(codeOf(error)).toBe(code);
  });

  it('stops on a cause cycle and uses the fallback given', () => {
    const a: { cause?: unknown } = {};
    a.cause = { cause: a };
    expect(codeOf(a, 'DK_ERR_NETWORK')).toBe('DK_ERR_NETWORK');
  });

  it('accepts every code of the registry', () => {
    for (const code of Object.keys(errorRegistry)) expect(codeOf({ code })).toBe(code);
  });
});
