/**
 * The announcement's audio as plain PCM WAV (16-bit, mono): the build writes each rendered
 * segment trimmed of the synthesiser's silences, and the display joins the segments of one
 * announcement into one WAV for its `<audio>` element — with short gaps between words and a
 * longer pause between the languages. Bytes in, bytes out: no audio API, so it runs in the build
 * (Node) and in the display (browser) alike and is tested here.
 */
export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

const ascii = (bytes: Uint8Array, at: number, length: number): string => String.fromCharCode(...bytes.subarray(at, at + length));

/** Reads a RIFF/WAVE file of 16-bit mono PCM (what espeak-ng writes). */
export function decodeWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE')
    throw new RangeError('decodeWav: not a WAVE file');
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = ascii(bytes, at, 4);
    // espeak-ng writing to a pipe leaves the sizes at 0x7fffffff: the data then runs to the end.
    const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8);
    if (id === 'fmt ') {
      const format = view.getUint16(at + 8, true);
      const channels = view.getUint16(at + 10, true);
      const bits = view.getUint16(at + 22, true);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new RangeError('decodeWav: only 16-bit mono PCM');
      sampleRate = view.getUint32(at + 12, true);
    } else if (id === 'data') {
      if (!sampleRate) throw new RangeError('decodeWav: data before fmt');
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + i * 2, true);
      return { sampleRate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new RangeError('decodeWav: no data chunk');
}

export function encodeWav({ sampleRate, samples }: Pcm): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const put = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, s, true));
  return bytes;
}

/** Cuts the leading and trailing silence (below `threshold`), keeping `padMs` of it on each side. */
export function trimSilence({ sampleRate, samples }: Pcm, threshold = 300, padMs = 15): Pcm {
  const pad = Math.round((sampleRate * padMs) / 1000);
  let first = samples.findIndex((s) => Math.abs(s) > threshold);
  if (first < 0) return { sampleRate, samples: new Int16Array(0) };
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) <= threshold) last--;
  first = Math.max(0, first - pad);
  last = Math.min(samples.length - 1, last + pad);
  return { sampleRate, samples: samples.slice(first, last + 1) };
}

export interface JoinOptions {
  /** Silence between two segments, ms. */
  gapMs: number;
  /** Silence that a `null` part stands for, ms (between the languages). */
  pauseMs: number;
}

/** One PCM from the parts in order (`null` = a pause); all parts must share the sample rate. */
export function joinPcm(parts: readonly (Pcm | null)[], { gapMs, pauseMs }: JoinOptions): Pcm {
  const rate = parts.find((p) => p !== null)?.sampleRate ?? 22_050;
  if (parts.some((p) => p !== null && p.sampleRate !== rate)) throw new RangeError('joinPcm: mixed sample rates');
  const gap = Math.round((rate * gapMs) / 1000);
  const pause = Math.round((rate * pauseMs) / 1000);
  const length = parts.reduce((n, p, i) => n + (p ? p.samples.length : pause) + (i < parts.length - 1 ? gap : 0), 0);
  const samples = new Int16Array(length);
  let at = 0;
  parts.forEach((p, i) => {
    if (p) samples.set(p.samples, at);
    at += (p ? p.samples.length : pause) + (i < parts.length - 1 ? gap : 0);
  });
  return { sampleRate: rate, samples };
}

/**
 * The call chime: two soft bell tones (E6 then C6, a falling third like a station's "ding-dong"),
 * each a sine with its octave, a 10 ms attack and an exponential decay. Made here rather than
 * recorded, so it has no licence and is the same on every build.
 */
export function chime(sampleRate = 22_050): Pcm {
  const tone = (freq: number, seconds: number): Float64Array => {
    const n = Math.round(sampleRate * seconds);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, t / 0.01) * Math.exp(-t * 4);
      out[i] = envelope * (Math.sin(2 * Math.PI * freq * t) + 0.3 * Math.sin(4 * Math.PI * freq * t));
    }
    return out;
  };
  const first = tone(1318.5, 0.45);
  const second = tone(1046.5, 0.9);
  const samples = new Int16Array(first.length + second.length);
  const scale = (0.45 * 32767) / 1.3;
  first.forEach((v, i) => (samples[i] = Math.round(v * scale)));
  second.forEach((v, i) => (samples[first.length + i] = Math.round(v * scale)));
  return { sampleRate, samples };
}
