import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { hexToBytes } from './bytes.ts';
import { decodeOid, parseCardAccess } from './card-access.ts';

describe('EF.CardAccess', () => {
  it('ICAO 9303-11 Appendix G.1 (PACE ECDH-GM, AES-128, brainpoolP256r1)', () => {
    expect(parseCardAccess(hexToBytes('3114 3012 060A04007F00070202040202 020102 02010D'))).toEqual({
      pace: [
        {
          protocol: '0.4.0.127.0.7.2.2.4.2.2',
          keyAgreement: 'ECDH',
          mapping: 'GM',
          cipher: 'AES-128',
          version: 2,
          parameterId: 13,
          parameters: 'brainpoolP256r1',
        },
      ],
      other: [],
    });
  });

  it('keeps other SecurityInfos by OID and reads several PACE entries', () => {
    const bytes = hexToBytes('3128 3012 060A04007F00070202040204 020102 02010C 3012 060A04007F00070202030201 020101 020101');
    const ca = parseCardAccess(bytes);
    expect(ca.pace).toMatchObject([{ mapping: 'GM', cipher: 'AES-256', parameters: 'P-256' }]);
    expect(ca.other).toEqual(['0.4.0.127.0.7.2.2.3.2.1']);
  });

  it('decodes OIDs with multi-byte arcs', () => {
    expect(decodeOid(hexToBytes('2A864886F70D010701'))).toBe('1.2.840.113549.1.7.1');
    expect(decodeOid(hexToBytes('28D316010008'))).toBe('1.0.10646.1.0.8');
  });

  it('random bytes: only our typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        try {
          parseCardAccess(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
