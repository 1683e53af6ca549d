import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enrolmentHash, parseEnrolmentHash } from './admin-devices.ts';

describe('enrolment links', () => {
  it('reads back the link it writes', () => {
    const link = { server: 'http://127.0.0.1:4100', code: 'ABCD-EFGH-JK' };
    expect(parseEnrolmentHash(enrolmentHash(link))).toEqual(link);
    expect(parseEnrolmentHash('#pair=abc')).toBeNull();
  });

  it('refuses anything malformed with one code, never throwing anything else', () => {
    for (const bad of ['#enrol=', '#enrol=!!', `#enrol=${btoa('{"server":"ftp://x","code":"A"}')}`, `#enrol=${'A'.repeat(2000)}`]) {
      expect(() => parseEnrolmentHash(bad)).toThrow(expect.objectContaining({ code: 'DK_ERR_PAIRING_INVALID' }));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (rest) => {
        try {
          parseEnrolmentHash(`#enrol=${rest}`);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('DK_ERR_PAIRING_INVALID');
        }
      }),
    );
  });
});
