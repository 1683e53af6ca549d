import { DangkyError } from '@dangky/core/errors';
import { EF, concatBytes, encodeDg2, hexToBytes, parseDg2 } from '@dangky/core/icao';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { displayablePhoto, jp2ColourSpace, jpeg2000Codestream, jpegSize } from './photo.ts';
import { encodeFaceJpeg2000, wrapJp2 } from './sim/make-face.ts';
import { verifyPassive } from './passive-auth.ts';
import { FACE_SIZE, defaultPersona, personaDg2, withSod } from './sim/persona.ts';
import { createTestPki } from './sim/test-pki.ts';
import { drawSyntheticFace } from './sim/synthetic-face.ts';

const expectCode = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DangkyError);
  expect((error as DangkyError).code).toBe(code);
};

const starts = (bytes: Uint8Array, hex: string) =>
  Buffer.from(bytes.subarray(0, hex.length / 2))
    .toString('hex')
    .toUpperCase() === hex;

/** Mean absolute difference per channel between decoded RGBA and the drawn RGB. */
const meanError = (rgba: Uint8Array, rgb: Uint8Array) => {
  let sum = 0;
  for (let p = 0; p < rgb.length / 3; p++) for (let c = 0; c < 3; c++) sum += Math.abs((rgba[p * 4 + c] ?? 0) - (rgb[p * 3 + c] ?? 0));
  return sum / rgb.length;
};

describe('the simulator persona DG2', () => {
  it.each(['jpeg', 'jpeg2000'] as const)('%s: a parseable face record of 12–16 KB', (format) => {
    const dg2 = personaDg2(format);
    expect(dg2.length).toBeGreaterThan(12_000);
    expect(dg2.length).toBeLessThan(16_000);
    const face = parseDg2(dg2);
    expect(face).toMatchObject({ format, ...FACE_SIZE });
  });

  it.each(['jpeg', 'jpeg2000'] as const)(
    '%s: withSod signs the face record, passive authentication verifies it and catches a changed pixel',
    async (photoFormat) => {
      const pki = createTestPki();
      const persona = withSod(defaultPersona({ photoFormat }), pki);
      const sod = persona.files.get(EF.sod.fid)!;
      const dg2 = persona.files.get(EF.dg2.fid)!;
      expect(parseDg2(dg2).format).toBe(photoFormat);
      const groups = new Map([
        [1, persona.files.get(EF.dg1.fid)!],
        [2, dg2],
      ]);
      expect(await verifyPassive({ sod, groups, trust: [pki.csca] })).toMatchObject({
        verdict: 'verified',
        hashes: [
          { group: 1, match: true },
          { group: 2, match: true },
        ],
      });
      const swapped = dg2.slice();
      swapped[swapped.length - 100] = (swapped[swapped.length - 100] ?? 0) ^ 1;
      expect(await verifyPassive({ sod, groups: new Map([...groups, [2, swapped]]), trust: [pki.csca] })).toMatchObject({
        verdict: 'failed',
        reason: 'DG2 does not match its hash in the SOD',
      });
    },
  );
});

describe('displayablePhoto', () => {
  const drawn = drawSyntheticFace();

  it('passes a JPEG through, with the size from its frame header', async () => {
    const dg2 = personaDg2('jpeg');
    const photo = await displayablePhoto(dg2);
    expect(photo).toMatchObject({ mime: 'image/jpeg', sourceFormat: 'jpeg', ...FACE_SIZE });
    expect(photo.data).toEqual(parseDg2(dg2).image);
    expect(starts(photo.data, 'FFD8FF')).toBe(true);
    const decoded = jpeg.decode(photo.data, { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([240, 320]);
    expect(meanError(decoded.data, drawn.rgb)).toBeLessThan(8);
  });

  it('turns a JPEG 2000 (JP2 file) into a PNG that shows the same face', async () => {
    const photo = await displayablePhoto(personaDg2('jpeg2000'));
    expect(photo).toMatchObject({ mime: 'image/png', sourceFormat: 'jpeg2000', ...FACE_SIZE });
    expect(starts(photo.data, '89504E470D0A1A0A')).toBe(true);
    const png = PNG.sync.read(Buffer.from(photo.data));
    expect([png.width, png.height]).toEqual([240, 320]);
    expect(meanError(png.data, drawn.rgb)).toBeLessThan(8);
  });

  it('a JP2 in sYCC colour is converted to RGB (not shown as raw Y, Cb, Cr)', async () => {
    // Full-range YCbCr of the drawn face (the inverse of the sYCC equations), stored without the
    // codestream's own colour transform, in a JP2 whose colr box says sYCC (enumerated 18).
    const ycc = new Uint8Array(drawn.rgb.length);
    const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
    for (let i = 0; i < drawn.rgb.length; i += 3) {
      const [r, g, b] = [drawn.rgb[i] ?? 0, drawn.rgb[i + 1] ?? 0, drawn.rgb[i + 2] ?? 0];
      ycc[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      ycc[i + 1] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      ycc[i + 2] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
    const face = { ...drawn, rgb: ycc };
    const codestream = await encodeFaceJpeg2000(face, 10, { colourTransform: false });
    const sycc = wrapJp2(codestream, face, 18);
    expect(jp2ColourSpace(sycc)).toBe(18);
    const photo = await displayablePhoto(encodeDg2({ image: sycc, format: 'jpeg2000', ...FACE_SIZE }));
    const png = PNG.sync.read(Buffer.from(photo.data));
    expect(meanError(png.data, drawn.rgb)).toBeLessThan(8);
    // The same samples declared sRGB come out as the raw components: far from the face.
    const mislabelled = await displayablePhoto(encodeDg2({ image: wrapJp2(codestream, face, 16), format: 'jpeg2000', ...FACE_SIZE }));
    expect(meanError(PNG.sync.read(Buffer.from(mislabelled.data)).data, drawn.rgb)).toBeGreaterThan(20);
    expect(jp2ColourSpace(parseDg2(personaDg2('jpeg2000')).image)).toBe(16);
  });

  it('decodes a raw J2K codestream too (no JP2 boxes)', async () => {
    const codestream = jpeg2000Codestream(parseDg2(personaDg2('jpeg2000')).image);
    expect(starts(codestream, 'FF4FFF51')).toBe(true);
    const photo = await displayablePhoto(encodeDg2({ image: codestream, format: 'jpeg2000', width: 0, height: 0 }));
    expect(photo).toMatchObject({ mime: 'image/png', width: 240, height: 320 });
  });

  it.each(['jpeg', 'jpeg2000'] as const)('refuses a %s larger than the limit before decoding it', async (format) => {
    await expectCode(displayablePhoto(personaDg2(format), { maxDimension: 200 }), 'DK_ERR_CHIP_PHOTO_UNSUPPORTED');
  });

  it('a JPEG 2000 that does not finish by the deadline is a typed timeout', async () => {
    await expectCode(displayablePhoto(personaDg2('jpeg2000'), { deadlineMs: 1 }), 'DK_ERR_CHIP_PHOTO_TIMEOUT');
  });

  it('a malformed DG2 is the parser’s typed error', async () => {
    await expectCode(displayablePhoto(hexToBytes('7500')), 'DK_ERR_CHIP_DG_MALFORMED');
  });

  it('a truncated or corrupted JPEG 2000 gives a typed error, never a crash of the process', async () => {
    const codestream = jpeg2000Codestream(parseDg2(personaDg2('jpeg2000')).image);
    const wrap = (image: Uint8Array) => encodeDg2({ image, format: 'jpeg2000', width: 240, height: 320 });
    await expectCode(displayablePhoto(wrap(codestream.subarray(0, 40))), 'DK_ERR_CHIP_PHOTO_UNSUPPORTED');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(199), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), async (edits) => {
        const bytes = codestream.slice();
        for (const [at, value] of edits) bytes[at] = value;
        try {
          const photo = await displayablePhoto(wrap(bytes), { deadlineMs: 3000 });
          expect(photo.mime).toBe('image/png');
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
          expect((error as DangkyError).code).toMatch(/^DK_ERR_CHIP_/);
        }
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});

describe('jpegSize', () => {
  it('reads SOF0 after APP0 and fill bytes', () => {
    const jpg = hexToBytes('FFD8' + 'FFE000104A46494600010100000100010000' + 'FFFF' + 'FFC0001108014000F003011100021101031101' + 'FFD9');
    expect(jpegSize(jpg)).toEqual({ width: 240, height: 320 });
  });

  it.each([
    ['no frame header before the scan', 'FFD8FFDA000C03010002110311003F00'],
    ['a segment that is not a marker', 'FFD80000'],
    ['a zero segment length', 'FFD8FFE00000FFC0'],
  ])('refuses %s', (_name, hex) => {
    expect(() => jpegSize(hexToBytes(hex))).toThrow(DangkyError);
  });
});

describe('jpeg2000Codestream', () => {
  const box = (type: string, payload: Uint8Array, length = 8 + payload.length) => {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setUint32(0, length);
    head.set(new TextEncoder().encode(type), 4);
    return concatBytes(head, payload);
  };
  const signature = hexToBytes('0000000C6A5020200D0A870A');
  const cs = hexToBytes('FF4FFF51AABB');

  it('finds jp2c after other boxes, including a to-the-end (length 0) box', () => {
    expect(jpeg2000Codestream(concatBytes(signature, box('ftyp', new Uint8Array(12)), box('jp2c', cs)))).toEqual(cs);
    expect(jpeg2000Codestream(concatBytes(signature, box('jp2c', cs, 0)))).toEqual(cs);
  });

  it('reads a 64-bit (XLBox) length', () => {
    const xl = concatBytes(hexToBytes('000000016A703263'), hexToBytes('0000000000000016'), cs);
    expect(jpeg2000Codestream(concatBytes(signature, xl))).toEqual(cs);
  });

  it.each([
    ['no codestream box', concatBytes(signature, box('ftyp', new Uint8Array(12)))],
    ['a box longer than the file', concatBytes(signature, box('jp2c', cs, 4000))],
    ['a box shorter than its header', concatBytes(signature, box('jp2c', cs, 4))],
  ])('refuses %s', (_name, bytes) => {
    expect(() => jpeg2000Codestream(bytes)).toThrow(DangkyError);
  });
});
