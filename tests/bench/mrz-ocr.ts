/**
 * MRZ OCR on generated card backs (tests/generator): per difficulty level, document-exact
 * accuracy (every parsed field equals the truth), confidently wrong (all check digits pass but a
 * field differs — must be 0), unreadable, and p50/p95 time per MRZ band (recognition alone, and
 * with preprocessing), one warm tesseract.js worker on one core. `--compare` also runs the
 * alternatives (LSTM engine, PSM 7 per line, no upscaling, adaptive binarisation) on a subset.
 *
 *   npx tsx tests/bench/mrz-ocr.ts [--per-level 100] [--seed 1] [--compare]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseMrz } from '@dangky/core/id';
import { checkDigitsPass, type PrepareOptions } from '@dangky/core/ocr';
import { createMrzRecogniser, decodeImage, readMrzImage, type MrzRecogniserOptions } from '../../hardware/src/ocr/index.ts';
import { generateMrzSet, type ManifestEntry } from '../generator/generate.ts';

const TODAY = '2026-11-29';
const { values } = parseArgs({ options: { 'per-level': { type: 'string' }, seed: { type: 'string' }, compare: { type: 'boolean' } } });
const perLevel = Number(values['per-level'] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'mrz-ocr-'));
const manifest = generateMrzSet({ outDir: dir, perLevel, seed: Number(values.seed ?? 1) });

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10 : NaN;
};

async function run(entries: ManifestEntry[], recogniserOptions: MrzRecogniserOptions, prepare: PrepareOptions = {}) {
  const recogniser = await createMrzRecogniser(recogniserOptions);
  await recogniser.recognise({ width: 8, height: 8, data: new Uint8ClampedArray(64).fill(255) });
  const rows: Record<string, { n: number; exact: number; wrong: number; unreadable: number; failed: number; rec: number[]; total: number[] }> = {};
  for (const e of entries) {
    const row = (rows[e.level] ??= { n: 0, exact: 0, wrong: 0, unreadable: 0, failed: 0, rec: [], total: [] });
    row.n++;
    const truth = JSON.stringify(parseMrz(e.mrz, { today: TODAY }).fields);
    try {
      const r = await readMrzImage(decodeImage(readFileSync(join(dir, e.file))), { recogniser, today: TODAY, prepare });
      row.rec.push(r.timings.recogniseMs);
      row.total.push(r.timings.totalMs);
      const same = JSON.stringify(r.result.fields) === truth;
      if (same && checkDigitsPass(r.result)) row.exact++;
      else if (checkDigitsPass(r.result)) row.wrong++;
      else row.failed++;
    } catch {
      row.unreadable++;
    }
  }
  await recogniser.close();
  return Object.entries(rows).map(([level, r]) => ({
    level,
    images: r.n,
    exactPct: Math.round((1000 * r.exact) / r.n) / 10,
    confidentlyWrong: r.wrong,
    failsChecks: r.failed,
    unreadable: r.unreadable,
    recogniseP50Ms: pct(r.rec, 0.5),
    recogniseP95Ms: pct(r.rec, 0.95),
    totalP50Ms: pct(r.total, 0.5),
    totalP95Ms: pct(r.total, 0.95),
  }));
}

const main = await run(manifest.entries, { engine: 'legacy', psm: '6' });
console.log('\nlegacy engine (eng 4.0.0), PSM 6, Otsu, cap height 34 px — the default');
console.table(main);
const compare: Record<string, unknown> = {};
if (values.compare) {
  const subset = manifest.entries.filter((_, i) => i % Math.max(1, Math.floor(perLevel / 20)) === 0);
  const variants: [string, MrzRecogniserOptions, PrepareOptions][] = [
    ['default', { engine: 'legacy', psm: '6' }, {}],
    ['lstm-best_int', { engine: 'lstm', psm: '6' }, {}],
    ['psm7-per-line', { engine: 'legacy', psm: '7' }, {}],
    ['no-upscale', { engine: 'legacy', psm: '6' }, { targetCapHeight: null }],
    ['adaptive-binarise', { engine: 'legacy', psm: '6' }, { binarise: 'adaptive' }],
    ['grey-no-binarise', { engine: 'legacy', psm: '6' }, { binarise: 'none' }],
  ];
  for (const [name, rec, prep] of variants) {
    compare[name] = await run(subset, rec, prep);
    console.log(`\n${name} on ${subset.length} images`);
    console.table(compare[name]);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'mrz-ocr', targets: { exactPctCleanModerate: 99, confidentlyWrong: 0, recogniseP50Ms: 150 }, results: main, ...(values.compare ? { compare } : {}) }));
