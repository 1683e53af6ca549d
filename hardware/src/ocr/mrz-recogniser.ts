import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MRZ_ALPHABET, recognisedTextOf, type GrayImage, type MrzRecogniser as CoreMrzRecogniser } from '@dangky/core/ocr';
import { createWorker, type Worker } from 'tesseract.js';

/**
 * A warm tesseract.js worker set up for MRZ text: the MRZ alphabet only, one block (PSM 6) or one
 * line (PSM 7). Traineddata comes from the `@tesseract.js-data/eng` npm package on disk and the
 * wasm core from `tesseract.js-core`; nothing is fetched (cacheMethod none: nothing written either).
 *
 * Engines, measured by tests/bench/mrz-ocr.ts: `legacy` (Tesseract's classic character
 * classifier, eng 4.0.0 data) reads OCR-B's `<` runs correctly; `lstm` (eng best_int, the
 * tesseract.js default) reads long `<<<<` runs as `KLKL…`, which no check digit can repair.
 * The legacy engine's adaptive classifier is off (`classify_enable_learning` 0): with it on, a
 * band's reading depended on the bands the worker had read before (same accuracy on the bench,
 * but not repeatable, and two frames of one card were not independent votes).
 */
export type MrzEngine = 'legacy' | 'lstm';

export interface MrzRecogniserOptions {
  /** Default `legacy`. */
  engine?: MrzEngine;
  /** `6` one block of three lines (default), `7` one line per call. */
  psm?: '6' | '7';
  /** Further Tesseract parameters (name → value), set once on the worker. */
  parameters?: Record<string, string>;
  /** Tesseract parameters that only take effect at init (dictionaries and the like). */
  initParameters?: Record<string, string>;
}

/** core/ocr's recogniser, with the engine it runs and a way to stop its worker. */
export interface MrzRecogniser extends CoreMrzRecogniser {
  readonly engine: MrzEngine;
  close(): Promise<void>;
}

const dataDir = (): string => dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json'));

/** PGM (P5): Leptonica reads it without a codec and it costs nothing to write. */
export function toPgm(image: GrayImage): Buffer {
  return Buffer.concat([
    Buffer.from(`P5\n${image.width} ${image.height}\n255\n`),
    Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
  ]);
}

export async function createMrzRecogniser(options: MrzRecogniserOptions = {}): Promise<MrzRecogniser> {
  const engine = options.engine ?? 'legacy';
  const psm = options.psm ?? '6';
  const legacy = engine === 'legacy';
  const worker: Worker = await createWorker(
    'eng',
    legacy ? 0 : 1,
    {
      langPath: join(dataDir(), legacy ? '4.0.0' : '4.0.0_best_int'),
      gzip: true,
      cacheMethod: 'none',
      legacyCore: legacy,
      legacyLang: legacy,
    },
    options.initParameters,
  );
  await worker.setParameters({
    tessedit_char_whitelist: MRZ_ALPHABET,
    tessedit_pageseg_mode: psm as never,
    classify_enable_learning: '0',
    ...options.parameters,
  });
  return {
    engine,
    psm,
    async recognise(image) {
      const { data } = await worker.recognize(toPgm(image));
      return data.text;
    },
    async recogniseSymbols(image) {
      const { data } = await worker.recognize(toPgm(image), {}, { text: true, blocks: true });
      return recognisedTextOf(data.text, data.blocks);
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
