/**
 * What the QR and MRZ cameras share: a 1280×720 stream into a <video>, one frame at a time drawn
 * to a canvas and handed to `onFrame`, a pause of `intervalMs` between frames, and `stop()`
 * releasing the camera (and whatever `onStop` releases). Frames are never kept or sent anywhere.
 */
export interface CameraLoop {
  stop(): void;
}

export interface FrameLoopOptions<T> {
  video: HTMLVideoElement;
  /** What the frames need (a decoder, an OCR worker), loaded while the camera starts. */
  ready: Promise<T>;
  intervalMs: number;
  /**
   * One frame. `loop.stop()` ends the loop from inside (once a reading is accepted); check
   * `loop.stopped` after awaiting, so nothing is reported once the camera is gone.
   */
  onFrame(frame: ImageData, tool: T, loop: { stop(): void; readonly stopped: boolean }): Promise<void>;
  /** Runs once when the loop stops, after the camera is released. */
  onStop?(): void;
}

/** Rejects when there is no camera, the browser refuses it, or `ready` rejects. */
export async function startFrameLoop<T>(options: FrameLoopOptions<T>): Promise<CameraLoop> {
  // A rejection is handled below; until then it must not count as unhandled.
  options.ready.catch(() => undefined);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    options.video.srcObject = null;
    options.onStop?.();
  };
  let tool: T;
  try {
    options.video.srcObject = stream;
    await options.video.play();
    tool = await options.ready;
  } catch (error) {
    stop();
    throw error;
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const loop = {
    stop,
    get stopped() {
      return stopped;
    },
  };
  const tick = async () => {
    if (stopped || !context) return;
    const { videoWidth: width, videoHeight: height } = options.video;
    if (width > 0 && height > 0) {
      if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
      context.drawImage(options.video, 0, 0, width, height);
      await options.onFrame(context.getImageData(0, 0, width, height), tool, loop);
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs);
  };
  void tick();
  return { stop };
}
