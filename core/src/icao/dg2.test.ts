import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { concatBytes, hexToBytes } from './bytes.ts';
import { encodeDg2, imageFormatOf, parseDg2 } from './dg2.ts';
import { encodeTlv } from './tlv.ts';

/** Stand-ins for image bytes: the magic the parser looks at, then filler. */
const JPEG = concatBytes(hexToBytes('FFD8FFE000104A464946'), new Uint8Array(300).fill(0x55), hexToBytes('FFD9'));
const JP2 = concatBytes(hexToBytes('0000000C6A5020200D0A870A'), new Uint8Array(300).fill(0x66));
const J2K = concatBytes(hexToBytes('FF4FFF51002F'), new Uint8Array(300).fill(0x77));

const expectCode = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DangkyError);
    expect((error as DangkyError).code).toBe(code);
    return;
  }
  expect.unreachable('no error thrown');
};

/** A DG2 whose facial record bytes are given as-is (for broken records). */
const dg2WithRecord = (record: Uint8Array, blockTag = 0x5f2e) =>
  encodeTlv(
    0x75,
    encodeTlv(
      0x7f61,
      concatBytes(
        encodeTlv(0x02, Uint8Array.of(1)),
        encodeTlv(0x7f60, concatBytes(encodeTlv(0xa1, encodeTlv(0x81, Uint8Array.of(2))), encodeTlv(blockTag, record))),
      ),
    ),
  );

/** The facial record inside a DG2 built by encodeDg2 (BDB value). */
const recordOf = (dg2: Uint8Array): Uint8Array => {
  const at = dg2.findIndex((_, i) => dg2[i] === 0x46 && dg2[i + 1] === 0x41 && dg2[i + 2] === 0x43 && dg2[i + 3] === 0);
  return dg2.slice(at);
};

describe('DG2', () => {
  it.each([
    ['JPEG', 'jpeg', JPEG, 'jpeg'],
    ['JPEG 2000 (JP2 file)', 'jpeg2000', JP2, 'jpeg2000'],
    ['JPEG 2000 (raw codestream)', 'jpeg2000', J2K, 'jpeg2000'],
  ] as const)('reads a %s face with its declared size', (_name, declared, image, format) => {
    const face = parseDg2(encodeDg2({ image, format: declared, width: 240, height: 320 }));
    expect(face).toEqual({ format, width: 240, height: 320, image });
  });

  it('skips feature points and reads a 7F2E data block', () => {
    const face = parseDg2(encodeDg2({ image: JPEG, format: 'jpeg', width: 10, height: 20, featurePoints: 3, blockTag: 0x7f2e }));
    expect(face.image).toEqual(JPEG);
    expect(face.width).toBe(10);
  });

  it.each([
    ['JPEG declared as JPEG 2000', JPEG, 'jpeg2000', 'jpeg'],
    ['JP2 declared as JPEG', JP2, 'jpeg', 'jpeg2000'],
  ] as const)('trusts the magic bytes over the header: %s', (_name, image, declared, format) => {
    expect(parseDg2(encodeDg2({ image, format: declared, width: 1, height: 1 })).format).toBe(format);
  });

  it('ignores a record length shorter than the data block (trailing padding)', () => {
    const record = concatBytes(recordOf(encodeDg2({ image: JPEG, format: 'jpeg', width: 1, height: 1 })), new Uint8Array(16));
    expect(parseDg2(dg2WithRecord(record)).image).toEqual(JPEG);
  });

  const valid = recordOf(encodeDg2({ image: JPEG, format: 'jpeg', width: 1, height: 1 }));
  const patched = (at: number, bytes: number[]) => {
    const copy = valid.slice();
    copy.set(bytes, at);
    return copy;
  };

  it.each([
    ['not a DG2', encodeTlv(0x61, new Uint8Array(4))],
    ['no 7F61', encodeTlv(0x75, encodeTlv(0x7f62, new Uint8Array(0)))],
    ['no template count', encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x7f60, new Uint8Array(0))))],
    [
      'a zero template count',
      encodeTlv(0x75, encodeTlv(0x7f61, concatBytes(encodeTlv(0x02, Uint8Array.of(0)), encodeTlv(0x7f60, new Uint8Array(0))))),
    ],
    ['no 7F60', encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x02, Uint8Array.of(1))))],
    [
      'no BHT',
      encodeTlv(0x75, encodeTlv(0x7f61, concatBytes(encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, encodeTlv(0x5f2e, valid))))),
    ],
    [
      'no data block',
      encodeTlv(
        0x75,
        encodeTlv(0x7f61, concatBytes(encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, encodeTlv(0xa1, new Uint8Array(0))))),
      ),
    ],
    ['a record shorter than its fixed blocks', dg2WithRecord(valid.subarray(0, 40))],
    ['no FAC signature', dg2WithRecord(patched(0, [0x46, 0x49, 0x52, 0]))],
    ['another version', dg2WithRecord(patched(4, [0x30, 0x33, 0x30, 0]))],
    ['a record length beyond the block', dg2WithRecord(patched(8, [0, 0, 0x10, 0]))],
    ['no face', dg2WithRecord(patched(12, [0, 0]))],
    ['a face length beyond the record', dg2WithRecord(patched(14, [0, 0, 0x10, 0]))],
    ['feature points beyond the face', dg2WithRecord(patched(18, [0xff, 0xff]))],
    ['an empty image', dg2WithRecord(recordOf(encodeDg2({ image: new Uint8Array(0), format: 'jpeg', width: 1, height: 1 })))],
    [
      'an image of another format (PNG)',
      dg2WithRecord(recordOf(encodeDg2({ image: hexToBytes('89504E470D0A1A0A0000'), format: 'jpeg', width: 1, height: 1 }))),
    ],
  ])('rejects %s', (_name, bytes) => {
    expectCode(() => parseDg2(bytes), 'DK_ERR_CHIP_DG_MALFORMED');
  });

  it('rejects a DG2 larger than the ceiling before reading it', () => {
    expectCode(() => parseDg2(hexToBytes('7584000F0000')), 'DK_ERR_CHIP_TLV_TOO_LARGE');
  });

  it('imageFormatOf knows JPEG, JP2 and J2K and nothing else', () => {
    expect([JPEG, JP2, J2K, hexToBytes('FFD8'), new Uint8Array(0)].map(imageFormatOf)).toEqual([
      'jpeg',
      'jpeg2000',
      'jpeg2000',
      undefined,
      undefined,
    ]);
  });

  it('fuzz: random and mutated DG2s parse or fail with a DK_ERR_CHIP_* error, nothing else', () => {
    const dg2 = encodeDg2({ image: JP2, format: 'jpeg2000', width: 240, height: 320, featurePoints: 2 });
    const check = (bytes: Uint8Array) => {
      try {
        const face = parseDg2(bytes);
        expect(['jpeg', 'jpeg2000']).toContain(face.format);
        expect(face.image.length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(DangkyError);
        expect((error as DangkyError).code).toMatch(/^DK_ERR_CHIP_/);
      }
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(dg2.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = dg2.slice();
        for (const [at, value] of edits) bytes[at] = value;
        check(bytes);
      }),
      { numRuns: 2000 },
    );
    // Mutations focused on the first 120 bytes, where every header and length lives.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(119), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(dg2.length),
        (edits, cut) => {
          const bytes = dg2.slice(0, Math.max(1, cut));
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          check(bytes);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 1500 });
  });
});
