import type { MrzCorrection, MrzResult } from '@dangky/core/id';
import { createMrzVoter, readMrzImage, toGray } from '@dangky/core/ocr';
import { hcmDay } from '@dangky/core/time';
import { createBrowserMrzRecogniser } from './mrz-recogniser.ts';
import { startFrameLoop, type CameraLoop } from './frame-loop.ts';

/**
 * The kiosk camera reading the MRZ on the back of the card: one frame at a time is drawn to a
 * canvas, turned grey and read by core/ocr's readMrzImage — the same pipeline as the technician's
 * `dangky-hw id ocr-mrz`: band found, straightened, binarised, recognised by tesseract.js in its
 * worker, glyph shapes checked, corrected where the check digits prove it, confirmed by a second
 * reading where no check digit covers. A reading is accepted only when two frames agree and every
 * check passes (createMrzVoter), so one lucky misread never fills the form. Loaded on demand from
 * the identity step; frames are never kept or sent anywhere, and `stop()` releases the camera and
 * the OCR worker.
 */

export interface MrzCameraReading {
  result: MrzResult;
  /** What the check digits and the layout corrected in the accepted frame (for staff: provenance). */
  corrections: MrzCorrection[];
}

export interface StartMrzCameraOptions {
  video: HTMLVideoElement;
  /** The accepted reading, once; the camera stops itself after it. */
  onRead(reading: MrzCameraReading): void;
  /** Pause between two frames, ms. Default 50 (recognition itself takes longer). */
  intervalMs?: number;
}

export type MrzCamera = CameraLoop;

/** Rejects when there is no camera, the browser refuses it, or the OCR files cannot be loaded. */
export function startMrzCamera(options: StartMrzCameraOptions): Promise<MrzCamera> {
  const recogniser = createBrowserMrzRecogniser();
  const voter = createMrzVoter({ needed: 2 });
  return startFrameLoop({
    video: options.video,
    ready: recogniser,
    intervalMs: options.intervalMs ?? 50,
    onStop: () => void recogniser.then((r) => r.close()).catch(() => undefined),
    async onFrame(frame, ocr, loop) {
      // Every typed error (no band, not MRZ text, the worker failing on this frame) means "not this frame".
      const reading = await readMrzImage(toGray(frame.data, frame.width, frame.height), {
        recogniser: ocr,
        today: hcmDay(Date.now()),
      }).catch(() => null);
      const accepted = voter.add(reading?.result ?? null);
      if (accepted && reading && !loop.stopped) {
        loop.stop();
        options.onRead({ result: accepted, corrections: reading.corrections });
      }
    },
  });
}
