import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { decodeQr, prepareQrDecoder } from './qr-decode.ts';

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

export interface QrCamera {
  stop(): void;
}

/** Rejects when there is no camera or the browser refuses it (the step then says so). */
export async function startQrCamera(options: StartQrCameraOptions): Promise<QrCamera> {
  const ready = prepareQrDecoder({ wasmUrl });
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    options.video.srcObject = null;
  };
  try {
    options.video.srcObject = stream;
    await options.video.play();
    await ready;
  } catch (error) {
    stop();
    throw error;
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let last: string | null = null;
  const tick = async () => {
    if (stopped || !context) return;
    const { videoWidth: width, videoHeight: height } = options.video;
    if (width > 0 && height > 0) {
      if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
      context.drawImage(options.video, 0, 0, width, height);
      const payload = await decodeQr(context.getImageData(0, 0, width, height)).catch(() => null);
      if (!stopped && payload !== null && payload !== last) options.onPayload(payload);
      if (payload !== null) last = payload;
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? 100);
  };
  void tick();
  return { stop };
}
