import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
import { parseSod } from './sod.ts';
import { encodeTlv } from './tlv.ts';

const seq = (...parts: Uint8Array[]) => encodeTlv(0x30, concatBytes(...parts));
const set = (...parts: Uint8Array[]) => encodeTlv(0x31, concatBytes(...parts));
const oid = (hex: string) => encodeTlv(0x06, hexToBytes(hex));
const int = (n: number) => encodeTlv(0x02, Uint8Array.of(n));
const octets = (b: Uint8Array) => encodeTlv(0x04, b);
const SHA256 = '608648016503040201';
/** Name `CN=DS CA`: SEQUENCE { SET { SEQUENCE { id-at-commonName, UTF8String } } }. */
const NAME = seq(set(seq(oid('550403'), encodeTlv(0x0c, new TextEncoder().encode('DS CA')))));

/** A structurally faithful SOD (RFC 5652 SignedData around an LDSSecurityObject), signature fake. */
function buildSod(hashes: [number, Uint8Array][], withAttrs = true, sid: Uint8Array = seq(NAME, int(0x42))): Uint8Array {
  const lds = seq(int(0), seq(oid(SHA256)), seq(...hashes.map(([n, h]) => seq(int(n), octets(h)))));
  const attrs = encodeTlv(
    0xa0,
    concatBytes(
      seq(oid('2A864886F70D010903'), set(oid('678108010101'))),
      seq(oid('2A864886F70D010904'), set(octets(new Uint8Array(32).fill(0xab)))),
    ),
  );
  const signer = seq(
    int(1),
    sid,
    seq(oid(SHA256)),
    ...(withAttrs ? [attrs] : []),
    seq(oid('2A8648CE3D040302')),
    octets(Uint8Array.of(1, 2, 3)),
  );
  const signedData = seq(
    int(3),
    set(seq(oid(SHA256))),
    seq(oid('678108010101'), encodeTlv(0xa0, octets(lds))),
    encodeTlv(0xa0, seq(int(7))),
    set(signer),
  );
  return encodeTlv(0x77, seq(oid('2A864886F70D010702'), encodeTlv(0xa0, signedData)));
}

describe('EF.SOD', () => {
  const h1 = new Uint8Array(32).fill(1);
  const h13 = new Uint8Array(32).fill(13);

  it('takes the SOD apart: DG hashes, algorithms, signed attributes as a SET, messageDigest, certificates', () => {
    const sod = parseSod(
      buildSod([
        [1, h1],
        [13, h13],
      ]),
    );
    expect(sod.hashAlgorithm).toBe('2.16.840.1.101.3.4.2.1');
    expect([...sod.dataGroupHashes.keys()]).toEqual([1, 13]);
    expect(bytesToHex(sod.dataGroupHashes.get(13)!)).toBe(bytesToHex(h13));
    expect(sod.signatureAlgorithm).toBe('1.2.840.10045.4.3.2');
    expect(sod.signedAttributes?.[0]).toBe(0x31);
    expect(bytesToHex(sod.messageDigest!)).toBe('AB'.repeat(32));
    expect(sod.certificates).toHaveLength(1);
    expect(bytesToHex(sod.signature)).toBe('010203');
  });

  it('reads the SignerIdentifier: issuer Name (DER) and serial, or a subject key identifier', () => {
    const sod = parseSod(buildSod([[1, h1]]));
    expect(sod.signerIdentifier.type).toBe('issuerAndSerialNumber');
    if (sod.signerIdentifier.type === 'issuerAndSerialNumber') {
      expect(bytesToHex(sod.signerIdentifier.issuer)).toBe(bytesToHex(NAME));
      expect(bytesToHex(sod.signerIdentifier.serialNumber)).toBe('42');
    }
    const ski = parseSod(buildSod([[1, h1]], true, encodeTlv(0x80, hexToBytes('0102030405'))));
    expect(ski.signerIdentifier).toEqual({ type: 'subjectKeyIdentifier', keyIdentifier: hexToBytes('0102030405') });
    expect(() => parseSod(buildSod([[1, h1]], true, int(3)))).toThrow(DangkyError);
  });

  it('accepts a SignerInfo without signed attributes', () => {
    expect(parseSod(buildSod([[1, h1]], false)).signedAttributes).toBeUndefined();
  });

  it('rejects other files and truncations with typed errors', () => {
    expect(() => parseSod(encodeTlv(0x61, new Uint8Array()))).toThrow(DangkyError);
    expect(() => parseSod(buildSod([[1, h1]]).subarray(0, 50))).toThrow(DangkyError);
  });

  it('fuzz: mutated SODs give a result or our typed error', () => {
    const valid = buildSod([
      [1, h1],
      [2, h1],
      [13, h13],
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 }),
        (edits) => {
          const bytes = valid.slice();
          for (const [at, v] of edits) bytes[at] = v;
          try {
            parseSod(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(DangkyError);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
