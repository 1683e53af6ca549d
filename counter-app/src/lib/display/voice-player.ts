import { announcementPcm, decodeWav, encodeWav, voiceIndex, type Pcm, type VoiceIndex } from '@dangky/core/queue';

/**
 * The announcement voice, pre-rendered at build time (`scripts/render-voice.ts`: espeak-ng, no
 * network voice) and served with the app as one WAV sprite and its index (`/voice/`). The display
 * keeps both in the Cache API the first time it reads them, so a display that lost the network
 * still speaks; each call's segments are joined into one WAV (core's `announcementPcm`) and played
 * by one `<audio>` element.
 */
const CACHE = 'dangky-voice';

export interface Voice {
  index: VoiceIndex;
  sprite: Pcm;
}

/** Network first for the index (a new build's voice), the cache when it fails; the sprite by the index's key. */
async function cached(url: string, networkFirst: boolean): Promise<Response> {
  const cache = await caches.open(CACHE);
  if (!networkFirst) {
    const hit = await cache.match(url);
    if (hit) return hit;
  }
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(`voice: ${url} answered ${response.status}`);
    await cache.put(url, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(url);
    if (hit) return hit;
    throw error;
  }
}

export async function loadVoice(base: string): Promise<Voice> {
  const index = voiceIndex.parse(await (await cached(`${base}/voice.json`, true)).json());
  const sprite = decodeWav(
    new Uint8Array(await (await cached(`${base}/voice.wav?key=${encodeURIComponent(index.key)}`, false)).arrayBuffer()),
  );
  return { index, sprite };
}

export type PlayStatus = 'ended' | 'blocked' | 'failed';

/**
 * Plays one announcement on `audio` and resolves when it has ended: `blocked` when the browser
 * wants a touch first (a TV's browser runs with autoplay allowed; a tap on "Bật âm thanh" also
 * does), `failed` when it could not play or never ended (then the next call is not held up).
 */
export async function playSegments(audio: HTMLAudioElement, voice: Voice, segments: readonly string[]): Promise<PlayStatus> {
  const pcm = announcementPcm(voice.index, voice.sprite, segments);
  const bytes = encodeWav(pcm);
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'audio/wav' }));
  const seconds = pcm.samples.length / pcm.sampleRate;
  try {
    audio.src = url;
    const ended = new Promise<PlayStatus>((resolve) => {
      audio.onended = () => resolve('ended');
      audio.onerror = () => resolve('failed');
      setTimeout(() => resolve('failed'), (seconds + 3) * 1000);
    });
    try {
      await audio.play();
    } catch (error) {
      return error instanceof DOMException && error.name === 'NotAllowedError' ? 'blocked' : 'failed';
    }
    return await ended;
  } finally {
    audio.onended = null;
    audio.onerror = null;
    URL.revokeObjectURL(url);
  }
}
