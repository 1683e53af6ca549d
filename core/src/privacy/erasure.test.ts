import { describe, expect, it } from 'vitest';
import { registrationStatus } from '../schemas/registration.ts';
import { erasureOnRequest } from './erasure.ts';

describe('erasure on a citizen’s request', () => {
  it.each([
    ['completed', false, { kind: 'erase' }],
    ['cancelled', false, { kind: 'erase' }],
    ['waiting', false, { kind: 'refused', code: 'DK_ERR_ERASURE_REGISTRATION_OPEN' }],
    ['called', false, { kind: 'refused', code: 'DK_ERR_ERASURE_REGISTRATION_OPEN' }],
    ['completed', true, { kind: 'already-erased' }],
    ['waiting', true, { kind: 'already-erased' }],
  ] as const)('a %s registration (erased: %s) → %o', (status, erased, verdict) => {
    expect(erasureOnRequest({ status, erased })).toEqual(verdict);
  });

  it('decides every status the schema knows, and erases only a finished one', () => {
    for (const status of registrationStatus.options) {
      const verdict = erasureOnRequest({ status, erased: false });
      expect(verdict.kind === 'erase').toBe(status === 'completed' || status === 'cancelled');
    }
  });
});
