import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { decodeQr, prepareQrDecoder } from './qr-decode.ts';
import { startFrameLoop, type CameraLoop } from './frame-loop.ts';

/**
 * The kiosk camera looking for the card's QR: a 1280×720 stream into a <video>, one frame every
 * `intervalMs` drawn to a canvas and decoded (qr-decode.ts). Loaded on demand from the identity
 * step — never on the first screen — and the decoder's wasm is this app's own precached file, so
 * it works offline. Frames are never kept or sent anywhere; `stop()` releases the camera.
 */

export interface StartQrCameraOptions {
  video: HTMLVideoElement;
  /** Each distinct payload seen (the same code held still is reported once). */
  onPayload(payload: string): void;
  /** Pause between two decodes, ms. Default 100. */
  intervalMs?: number;
}

export type QrCamera = CameraLoop;

/** Rejects when there is no camera or the browser refuses it (the step then says so). */
export function startQrCamera(options: StartQrCameraOptions): Promise<QrCamera> {
  let last: string | null = null;
  return startFrameLoop({
    video: options.video,
    ready: prepareQrDecoder({ wasmUrl }),
    intervalMs: options.intervalMs ?? 100,
    async onFrame(frame, _decoder, loop) {
      const payload = await decodeQr(frame).catch(() => null);
      if (!loop.stopped && payload !== null && payload !== last) options.onPayload(payload);
      if (payload !== null) last = payload;
    },
  });
}
