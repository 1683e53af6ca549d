import langUrl from '@tesseract.js-data/eng/4.0.0/eng.traineddata.gz?url';
import workerUrl from 'tesseract.js/dist/worker.min.js?url';
import coreUrl from 'tesseract.js-core/tesseract-core-simd.wasm.js?url';
import { createWorker, type Worker } from 'tesseract.js';
import { MRZ_ALPHABET, recognisedTextOf, type GrayImage, type MrzRecogniser, type RecognisedText } from '@dangky/core/ocr';

/**
 * tesseract.js in the browser, set up as the Node recogniser is (hardware/src/ocr/mrz-recogniser.ts,
 * chosen there by measurement): the legacy engine (OEM 0) with the eng 4.0.0 data, the MRZ
 * alphabet only, one block of three lines (PSM 6), with each character's box so core/ocr's
 * readMrzImage can check glyph shapes. Recognition runs in tesseract.js's own web worker. Every
 * file it needs — its worker script, the wasm core (SIMD build, wasm inlined) and the
 * traineddata — is this app's own build output (Vite `?url`), so the service worker precaches
 * them and nothing is fetched from a CDN.
 */
export interface BrowserMrzRecogniser extends MrzRecogniser {
  close(): Promise<void>;
}

/** PGM (P5): Leptonica reads it without a codec, and it costs nothing to write. */
export function toPgm(image: GrayImage): Blob {
  return new Blob([`P5\n${image.width} ${image.height}\n255\n`, new Uint8Array(image.data)], { type: 'image/x-portable-graymap' });
}

export async function createBrowserMrzRecogniser(): Promise<BrowserMrzRecogniser> {
  const worker: Worker = await createWorker('eng', 0, {
    workerPath: workerUrl,
    corePath: coreUrl,
    // tesseract.js fetches `${langPath}/eng.traineddata.gz`; the asset's hashed name cannot be built
    // that way, so the path is the asset itself and the rest lands in the fragment, which a fetch
    // never sends. (Handing the bytes over as `{ code, data }` breaks tesseract.js 7's initialise.)
    langPath: `${langUrl}#`,
    // A classic worker loaded from this origin (no blob: wrapper), and no IndexedDB copy of the data.
    workerBlobURL: false,
    cacheMethod: 'none',
    legacyCore: true,
    legacyLang: true,
    // Failures reject the job or createWorker itself; without a handler they would also be thrown, uncaught.
    errorHandler: () => undefined,
  });
  // As in Node: the adaptive classifier off, so one frame's reading does not depend on the frames before it.
  await worker.setParameters({ tessedit_char_whitelist: MRZ_ALPHABET, tessedit_pageseg_mode: '6' as never, classify_enable_learning: '0' });
  return {
    psm: '6',
    async recognise(image) {
      const { data: result } = await worker.recognize(toPgm(image));
      return result.text;
    },
    async recogniseSymbols(image): Promise<RecognisedText> {
      const { data } = await worker.recognize(toPgm(image), {}, { text: true, blocks: true });
      return recognisedTextOf(data.text, data.blocks);
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
