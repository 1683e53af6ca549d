import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closestGlyph, grayImage, resolveRoundPairs, settleGlyphs, type GrayImage, type Rect } from '@dangky/core/ocr';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderGlyph, renderTemplates, templatesModule, TEMPLATE_CHARS } from './ocrb-templates.ts';

/**
 * The OCR-B glyph shapes that settle look-alikes (core/ocr glyph-shape, glyph-match,
 * settle-glyphs, round-pairs), against real renderings of Debian's fonts-ocr-b: the committed
 * shapes are the font's, a rendered glyph of any size is recognised as itself, and the
 * recogniser's misreads are overruled only where the shape is clear.
 */
const ALNUM = TEMPLATE_CHARS;

/** One character drawn at `px` font size, binarised (thin ink or thick), and its ink box. */
const drawGlyph = (ch: string, px: number, options: { thin?: boolean } = {}): { img: GrayImage; box: Rect } =>
  renderGlyph(ch, px, options.thin ? 80 : 160);

describe('OCR-B shapes', () => {
  it('the committed shapes are what the font renders today (rerun tests/generator/ocrb-templates.ts if not)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../core/src/ocr/ocrb-templates.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(templatesModule(renderTemplates()));
  });

  it.each([36, 48, 72])(
    'recognises every letter and digit drawn at %i px, thin ink or thick, except O/0 which it only calls close',
    (px) => {
      for (const thin of [false, true]) {
        for (const ch of ALNUM) {
          const { img, box } = drawGlyph(ch, px, { thin });
          const match = closestGlyph(img, box, ALNUM)!;
          if (ch === 'O' || ch === '0') expect(['O', '0']).toContain(match.char);
          else expect(match.char, `${ch} at ${px}px${thin ? ' thin' : ''}`).toBe(ch);
        }
      }
    },
  );
});

describe('settleGlyphs', () => {
  it('overrules a clear misread (W read as N, 5 as S) and leaves right readings alone', () => {
    const w = drawGlyph('W', 48);
    const five = drawGlyph('5', 48);
    const a = drawGlyph('A', 48);
    // Three glyphs side by side in one image, as one recognised line.
    const img = grayImage(w.img.width * 3, w.img.height);
    img.data.fill(255);
    [w, five, a].forEach((g, k) => {
      for (let y = 0; y < g.img.height; y++)
        for (let x = 0; x < g.img.width; x++) img.data[y * img.width + k * w.img.width + x] = g.img.data[y * g.img.width + x]!;
    });
    const boxes = [w, five, a].map((g, k) => ({ ...g.box, left: g.box.left + k * w.img.width }));
    const settled = settleGlyphs(img, { text: 'NSA', lines: [{ text: 'NSA', boxes }] });
    expect(settled.text).toBe('W5A');
    expect(settled.changes).toEqual([
      { line: 0, index: 0, from: 'N', to: 'W' },
      { line: 0, index: 1, from: 'S', to: '5' },
    ]);
  });

  it('changes nothing where a line has no box per character, or for fillers', () => {
    const img = grayImage(10, 10);
    expect(settleGlyphs(img, { text: 'N<', lines: [{ text: 'N<', boxes: [] }] }).text).toBe('N<');
  });
});

describe('resolveRoundPairs', () => {
  // AL5091007, check digit 3 (generated card, seed 2 moderate 28), read with O at the 4th place.
  const truth = ['I<BELAL5091007388421<<<<<<<<<<', '0502124M2811121BEL<<<<<<<<<<<5', 'NOWAK<<CLARA<<<<<<<<<<<<<<<<<<'];
  const misread = [truth[0]!.replace('AL5091', 'AL5O91'), truth[1]!, truth[2]!];

  it('swaps the one ambiguous O/0 that makes the failing document check pass, and says so', () => {
    expect(resolveRoundPairs(misread, [8])).toEqual({
      lines: truth,
      corrections: [{ line: 1, position: 9, from: 'O', to: '0', check: 'documentNumber' }],
    });
  });

  it('changes nothing when the check passes, when no place is ambiguous, or when more than one swap would pass', () => {
    expect(resolveRoundPairs(truth, [8]).corrections).toEqual([]);
    expect(resolveRoundPairs(misread, []).corrections).toEqual([]);
    // O at 8 → 0 passes, and so does 0 at 12 → O (7·24 ≡ 3·24 mod 10 in effect): two answers, none taken.
    expect(resolveRoundPairs(misread, [8, 12])).toEqual({ lines: misread, corrections: [] });
  });

  it('never throws and only ever swaps O and 0 inside the document number (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Z0-9<]{0,34}$/), { minLength: 0, maxLength: 4 }),
        fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 8 }),
        (lines, places) => {
          const { lines: out, corrections } = resolveRoundPairs(lines, places);
          for (const c of corrections) {
            expect(c.line).toBe(1);
            expect([c.from, c.to].sort()).toEqual(['0', 'O']);
            expect(c.position).toBeGreaterThanOrEqual(6);
          }
          expect(out.length).toBe(lines.length);
        },
      ),
    );
  });
});
