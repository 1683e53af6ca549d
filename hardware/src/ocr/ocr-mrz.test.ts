import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { decodeImage } from './decode-image.ts';

/**
 * `dangky-hw id ocr-mrz` end to end on one generated clean card back (tests/fixtures/ocr, made by
 * tests/generator with seed 7, index 4): real tesseract.js with the local traineddata.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../../tests/fixtures/ocr/${name}`, import.meta.url));
const truth = JSON.parse(readFileSync(fixture('clean-vn.json'), 'utf8')) as { mrz: string[] };

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['id', ...argv], { out: (t: string) => out.push(t), err: (t: string) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
};

describe('dangky-hw id ocr-mrz', () => {
  it('reads the MRZ of a clean generated card back: the printed lines, all checks passing, exit 0', async () => {
    const { code, out, err } = await run('ocr-mrz', fixture('clean-vn.png'), '--today', '2026-11-29');
    expect([code, err]).toEqual([0, '']);
    const result = JSON.parse(out);
    expect(result.lines).toEqual(truth.mrz);
    expect(result.fields).toMatchObject({
      idNumber: '091096184780',
      surname: 'HUYNH',
      givenNames: 'THI THI LONG',
      birthDate: '1996-01-18',
      sex: 'M',
    });
    expect(result.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(typeof result.rawText).toBe('string');
    expect(result.corrections).toEqual(expect.any(Array));
    expect(result.timeMs.recogniseMs).toBeGreaterThan(0);
  });

  it('a file that is not an image: exit 2 with the reason', async () => {
    const notImage = await run('ocr-mrz', fixture('clean-vn.json'));
    expect(notImage.code).toBe(2);
    expect(JSON.parse(notImage.err).error).toMatchObject({ code: 'DK_ERR_VALIDATION', detail: { reason: 'not PNG or JPEG' } });
  });

  it('decodeImage gives grey pixels of the PNG', () => {
    const img = decodeImage(readFileSync(fixture('clean-vn.png')));
    expect([img.width, img.height, img.data.length]).toEqual([1280, 800, 1280 * 800]);
  });
});
