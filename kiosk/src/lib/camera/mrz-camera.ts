import type { MrzResult } from '@dangky/core/id';
import { createMrzVoter, prepareMrzBand, toGray } from '@dangky/core/ocr';
import { hcmDay } from '@dangky/core/time';
import { mrzReadingFromText } from './mrz-reading.ts';
import { createBrowserMrzRecogniser } from './mrz-recogniser.ts';

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

export interface MrzCamera {
  stop(): void;
}

/** Rejects when there is no camera, the browser refuses it, or the OCR files cannot be loaded. */
export async function startMrzCamera(options: StartMrzCameraOptions): Promise<MrzCamera> {
  const recogniser = createBrowserMrzRecogniser();
  // A rejection is handled below; until then it must not count as unhandled.
  recogniser.catch(() => undefined);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    options.video.srcObject = null;
    void recogniser.then((r) => r.close()).catch(() => undefined);
  };
  let ocr: Awaited<typeof recogniser>;
  try {
    options.video.srcObject = stream;
    await options.video.play();
    ocr = await recogniser;
  } catch (error) {
    stop();
    throw error;
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const voter = createMrzVoter({ needed: 2 });
  const tick = async () => {
    if (stopped || !context) return;
    const { videoWidth: width, videoHeight: height } = options.video;
    if (width > 0 && height > 0) {
      if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
      context.drawImage(options.video, 0, 0, width, height);
      const band = prepareMrzBand(toGray(context.getImageData(0, 0, width, height).data, width, height));
      const text = band ? await ocr.recognise(band.image).catch(() => null) : null;
      const accepted = voter.add(text === null ? null : mrzReadingFromText(text, { today: hcmDay(Date.now()) }));
      if (accepted && !stopped) {
        stop();
        options.onRead(accepted);
        return;
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? 50);
  };
  void tick();
  return { stop };
}
