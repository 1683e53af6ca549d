/**
 * Synthetic MRZ card backs for tests and the benchmark: `perLevel` frames at each difficulty
 * level, PNG (clean) or JPEG, plus manifest.json with the ground truth (the MRZ lines buildTd1
 * wrote and the fields they encode). Synthetic people only.
 *
 *   node --import tsx tests/generator/generate.ts --out /tmp/mrz-set [--per-level 100] [--seed 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildTd1Input } from '@dangky/core/id';
import { drawCardBack } from './card-back.ts';
import { drawFrameParams, LEVELS, renderFrame, type FrameParams, type Level } from './frame.ts';
import { syntheticPerson } from './people.ts';
import { createRng } from './rng.ts';

export interface ManifestEntry {
  /** Relative to the manifest. */
  file: string;
  level: Level;
  layout: 'VNM' | 'TD1';
  /** The MRZ as printed. */
  mrz: string[];
  input: BuildTd1Input;
  params: FrameParams;
}

export interface Manifest {
  seed: number;
  entries: ManifestEntry[];
}

export interface GenerateOptions {
  outDir: string;
  /** Default 1. */
  seed?: number;
  /** Frames per level; default 100. */
  perLevel?: number;
  /** Default all three. */
  levels?: readonly Level[];
}

/** One frame: the same (seed, index, level) always draws the same person and the same image. */
export function generateOne(seed: number, index: number, level: Level): { image: Buffer; entry: Omit<ManifestEntry, 'file'> } {
  const rng = createRng(seed * 100_003 + index * 7 + LEVELS.indexOf(level));
  const person = syntheticPerson(rng);
  const params = drawFrameParams(level, rng);
  const card = drawCardBack(person.mrz, rng, Math.round(params.cardWidth * 1.25));
  return { image: renderFrame(card, params, rng), entry: { level, layout: person.layout, mrz: person.mrz, input: person.input, params } };
}

export function generateMrzSet(options: GenerateOptions): Manifest {
  const seed = options.seed ?? 1;
  const perLevel = options.perLevel ?? 100;
  mkdirSync(options.outDir, { recursive: true });
  const entries: ManifestEntry[] = [];
  for (const level of options.levels ?? LEVELS) {
    for (let i = 0; i < perLevel; i++) {
      const { image, entry } = generateOne(seed, i, level);
      const file = `${level}-${String(i).padStart(4, '0')}.${entry.params.jpegQuality === null ? 'png' : 'jpg'}`;
      writeFileSync(join(options.outDir, file), image);
      entries.push({ file, ...entry });
    }
  }
  const manifest = { seed, entries };
  writeFileSync(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'per-level': { type: 'string' }, seed: { type: 'string' } } });
  if (!values.out) {
    console.error('usage: generate.ts --out DIR [--per-level N] [--seed S]');
    process.exit(2);
  }
  const m = generateMrzSet({ outDir: values.out, perLevel: Number(values['per-level'] ?? 100), seed: Number(values.seed ?? 1) });
  process.stdout.write(`${m.entries.length} frames and manifest.json in ${values.out}\n`);
}
