import type { MrzResult } from '@dangky/core/id';
import { createMrzVoter, prepareMrzBand, toGray } from '@dangky/core/ocr';
import { hcmDay } from '@dangky/core/time';
import { mrzReadingFromText } from './mrz-reading.ts';
import { createBrowserMrzRecogniser } from './mrz-recogniser.ts';
import { startFrameLoop, type CameraLoop } from './frame-loop.ts';

/**
 * The kiosk camera reading the MRZ on the back of the card: one frame at a time is drawn to a
 * canvas, turned grey, its MRZ band found and binarised (core/ocr, as in Node), recognised by
 * tesseract.js in its worker, cut to lines, corrected where the check digits prove it and parsed.
 * A reading is accepted only when two frames agree and every check digit passes (createMrzVoter),
 * so one lucky misread never fills the form. Loaded on demand from the identity step; frames are
 * never kept or sent anywhere, and `stop()` releases the camera and the OCR worker.
 */

export interface StartMrzCameraOptions {
  video: HTMLVideoElement;
  /** The accepted reading, once; the camera stops itself after it. */
  onRead(result: MrzResult): void;
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
      const band = prepareMrzBand(toGray(frame.data, frame.width, frame.height));
      const text = band ? await ocr.recognise(band.image).catch(() => null) : null;
      const accepted = voter.add(text === null ? null : mrzReadingFromText(text, { today: hcmDay(Date.now()) }));
      if (accepted && !loop.stopped) {
        loop.stop();
        options.onRead(accepted);
      }
    },
  });
}
