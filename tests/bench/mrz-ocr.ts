/**
 * MRZ OCR on generated card backs (tests/generator), one warm tesseract.js worker on one core.
 * Per difficulty level:
 * - single frame: document-exact (accepted — every check digit and field check passes — and every
 *   parsed field equals the truth), confidently wrong (accepted but a field differs — must be 0),
 *   fails checks (read, but a check fails: the kiosk asks for another frame), unreadable (no band,
 *   not MRZ text), and p50/p95 time per MRZ band (recognition alone, and with preprocessing);
 * - two-frame vote, as live video gives it: a second, differently drawn frame of the same card
 *   (own placement, tint, blur, noise, JPEG; tests/generator), both through createMrzVoter, which
 *   accepts only the same valid reading twice.
 * `--compare` also runs the alternatives (LSTM engine, PSM 7 per line, no upscaling, adaptive
 * binarisation, grey, Otsu's own threshold, no confirming reading, confirming every reading,
 * confirming at 0.7×, no refusal of S/8 G/6 twins, no glyph shapes) on a subset, single frame.
 *
 *   taskset -c 0 node --import tsx tests/bench/mrz-ocr.ts [--per-level 100] [--seed 1] [--compare]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseMrz, type MrzResult } from '@dangky/core/id';
import { createMrzVoter } from '@dangky/core/ocr';
import {
  createMrzRecogniser,
  decodeImage,
  readMrzImage,
  type MrzRecogniser,
  type MrzRecogniserOptions,
  type ReadMrzImageOptions,
} from '@dangky/hardware/ocr';
import { drawCardBack } from '../generator/card-back.ts';
import { drawFrameParams, LEVELS, renderFrame } from '../generator/frame.ts';
import { generateMrzSet, type ManifestEntry } from '../generator/generate.ts';
import { createRng } from '../generator/rng.ts';

const TODAY = '2026-11-29';
const { values } = parseArgs({ options: { 'per-level': { type: 'string' }, seed: { type: 'string' }, compare: { type: 'boolean' } } });
const perLevel = Number(values['per-level'] ?? 100);
const seed = Number(values.seed ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'mrz-ocr-'));
const manifest = generateMrzSet({ outDir: dir, perLevel, seed });

/** The same card in another frame: the printed MRZ of `entry`, everything else drawn anew. */
function secondFrame(entry: ManifestEntry, index: number): string {
  const rng = createRng(seed * 100_003 + index * 7 + LEVELS.indexOf(entry.level) + 500_000_009);
  const params = drawFrameParams(entry.level, rng);
  const card = drawCardBack(entry.mrz, rng, Math.round(params.cardWidth * 1.25));
  const file = `second-${entry.file.replace(/\.\w+$/, '')}.${params.jpegQuality === null ? 'png' : 'jpg'}`;
  writeFileSync(join(dir, file), renderFrame(card, params, rng));
  return file;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10 : NaN;
};
const share = (k: number, n: number): number => Math.round((1000 * k) / n) / 10;

type Outcome = 'exact' | 'wrong' | 'failed' | 'unreadable';

type ReadOptions = Pick<ReadMrzImageOptions, 'prepare' | 'confirm' | 'confirmScale' | 'refuseTwins' | 'glyphShapes'>;

async function readOne(recogniser: MrzRecogniser, file: string, read: ReadOptions) {
  try {
    return await readMrzImage(decodeImage(readFileSync(join(dir, file))), { recogniser, today: TODAY, ...read });
  } catch {
    return null;
  }
}

function judge(result: MrzResult | null, truth: string): Outcome {
  if (!result) return 'unreadable';
  if (!result.valid) return 'failed';
  return JSON.stringify(result.fields) === truth ? 'exact' : 'wrong';
}

interface Row {
  n: number;
  single: Record<Outcome, number>;
  /** Vietnamese-layout cards: how many, how many exact. */
  vnm: { n: number; exact: number };
  vote: { exact: number; wrong: number; none: number };
  rec: number[];
  total: number[];
}

async function run(
  entries: ManifestEntry[],
  recogniserOptions: MrzRecogniserOptions,
  read: ReadOptions = {},
  seconds?: Map<ManifestEntry, string>,
) {
  const recogniser = await createMrzRecogniser(recogniserOptions);
  await recogniser.recognise({ width: 8, height: 8, data: new Uint8ClampedArray(64).fill(255) });
  const rows: Record<string, Row> = {};
  for (const e of entries) {
    const row = (rows[e.level] ??= {
      n: 0,
      single: { exact: 0, wrong: 0, failed: 0, unreadable: 0 },
      vnm: { n: 0, exact: 0 },
      vote: { exact: 0, wrong: 0, none: 0 },
      rec: [],
      total: [],
    });
    row.n++;
    const truth = JSON.stringify(parseMrz(e.mrz, { today: TODAY }).fields);
    const first = await readOne(recogniser, e.file, read);
    if (first) {
      row.rec.push(first.timings.recogniseMs);
      row.total.push(first.timings.totalMs);
    }
    const outcome = judge(first?.result ?? null, truth);
    row.single[outcome]++;
    if (e.layout === 'VNM') {
      row.vnm.n++;
      if (outcome === 'exact') row.vnm.exact++;
    }
    const second = seconds?.get(e);
    if (second) {
      const voter = createMrzVoter();
      voter.add(first?.result ?? null);
      const accepted = voter.add((await readOne(recogniser, second, read))?.result ?? null);
      if (!accepted) row.vote.none++;
      else if (JSON.stringify(accepted.fields) === truth) row.vote.exact++;
      else row.vote.wrong++;
    }
  }
  await recogniser.close();
  return Object.entries(rows).map(([level, r]) => ({
    level,
    images: r.n,
    exactPct: share(r.single.exact, r.n),
    exactPctVnm: share(r.vnm.exact, r.vnm.n),
    confidentlyWrong: r.single.wrong,
    failsChecks: r.single.failed,
    unreadable: r.single.unreadable,
    recogniseP50Ms: pct(r.rec, 0.5),
    recogniseP95Ms: pct(r.rec, 0.95),
    totalP50Ms: pct(r.total, 0.5),
    totalP95Ms: pct(r.total, 0.95),
    ...(seconds ? { voteExactPct: share(r.vote.exact, r.n), voteWrong: r.vote.wrong, voteNoDecision: r.vote.none } : {}),
  }));
}

const seconds = new Map(manifest.entries.map((e) => [e, secondFrame(e, Number(e.file.match(/(\d+)\./)?.[1]))]));
const main = await run(manifest.entries, { engine: 'legacy', psm: '6' }, {}, seconds);
console.log(
  '\nlegacy engine (eng 4.0.0), PSM 6, Otsu − 40, cap height 34 px, OCR-B glyph shapes, confirming reading at 1.25× when doubtful — the default',
);
console.log('exactPctVnm = Vietnamese-layout cards only; vote* = two frames of the same card through createMrzVoter');
console.table(main);
const compare: Record<string, unknown> = {};
if (values.compare) {
  const subset = manifest.entries.filter((_, i) => i % Math.max(1, Math.floor(perLevel / 20)) === 0);
  const variants: [string, MrzRecogniserOptions, ReadOptions][] = [
    ['default', { engine: 'legacy', psm: '6' }, {}],
    ['lstm-best_int', { engine: 'lstm', psm: '6' }, {}],
    ['psm7-per-line', { engine: 'legacy', psm: '7' }, {}],
    ['no-upscale', { engine: 'legacy', psm: '6' }, { prepare: { targetCapHeight: null } }],
    ['adaptive-binarise', { engine: 'legacy', psm: '6' }, { prepare: { binarise: 'adaptive' } }],
    ['grey-no-binarise', { engine: 'legacy', psm: '6' }, { prepare: { binarise: 'none' } }],
    ['otsu-offset-0', { engine: 'legacy', psm: '6' }, { prepare: { otsuOffset: 0 } }],
    ['no-confirming-reading', { engine: 'legacy', psm: '6' }, { confirmScale: false }],
    ['confirm-always', { engine: 'legacy', psm: '6' }, { confirm: 'always' }],
    ['confirm-at-0.7', { engine: 'legacy', psm: '6' }, { confirmScale: 0.7 }],
    ['twins-not-refused', { engine: 'legacy', psm: '6' }, { refuseTwins: false }],
    ['no-glyph-shapes', { engine: 'legacy', psm: '6' }, { glyphShapes: false }],
  ];
  for (const [name, rec, prep] of variants) {
    compare[name] = await run(subset, rec, prep);
    console.log(`\n${name} on ${subset.length} images`);
    console.table(compare[name]);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: 'mrz-ocr',
    targets: { exactPctCleanModerate: 99, confidentlyWrong: 0, recogniseP50Ms: 150 },
    results: main,
    ...(values.compare ? { compare } : {}),
  }),
);
