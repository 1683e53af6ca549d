/**
 * Renders the call display's announcement voice: every segment an announcement can use
 * (`voiceSegments()` in core — fixed phrases, letter names, number words, in Vietnamese and
 * English) is spoken by espeak-ng (Debian's package, installed with apt when missing), trimmed of
 * its silences, and packed with the chime into one WAV "sprite" plus a JSON index of where each
 * segment lies. The display loads the two files once, keeps them for offline use, and joins the
 * segments of each call itself: no network voice service, no synthesiser on the TV.
 *
 * Built, not committed: the segment list lives in core, so a word added there can never lack its
 * audio (the build renders exactly that list and the display's test checks it), and no binary
 * blobs sit in git. espeak-ng's output is deterministic for a version; the index records the
 * version and a key, and a second run with the same key does nothing.
 *
 *   node --import tsx scripts/render-voice.ts <out-dir>      → <out-dir>/voice.wav, voice.json
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chime, decodeWav, encodeWav, joinPcm, trimSilence, voiceSegments, type Pcm } from '@dangky/core/queue';

/** espeak-ng voices and speeds: the northern Vietnamese voice, slowed a little for a waiting room. */
export const VOICES = { vi: { voice: 'vi', speed: 135 }, en: { voice: 'en-us', speed: 145 } } as const;
const RENDER_VERSION = 1;
const run = promisify(execFile);

export interface VoiceIndex {
  key: string;
  espeak: string;
  sampleRate: number;
  /** Segment id → [first sample, number of samples] in voice.wav. */
  segments: Record<string, [number, number]>;
}

function ensureEspeak(): string {
  const probe = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return probe.stdout.trim();
  console.log('render-voice: installing espeak-ng (apt)');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]) =>
    execFileSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'espeak-ng']);
  return execFileSync('espeak-ng', ['--version'], { encoding: 'utf8' }).trim();
}

export async function renderVoice(outDir: string): Promise<{ index: VoiceIndex; rendered: boolean }> {
  const segments = voiceSegments();
  const espeak = ensureEspeak();
  const key = createHash('sha256').update(JSON.stringify({ RENDER_VERSION, espeak, VOICES, segments })).digest('hex').slice(0, 16);
  const indexPath = join(outDir, 'voice.json');
  if (existsSync(indexPath) && existsSync(join(outDir, 'voice.wav'))) {
    const previous = JSON.parse(readFileSync(indexPath, 'utf8')) as VoiceIndex;
    if (previous.key === key) return { index: previous, rendered: false };
  }
  const work = mkdtempSync(join(tmpdir(), 'dangky-voice-'));
  try {
    // Four espeak-ng processes at a time: each is short, so starting them dominates.
    const parts: Pcm[] = new Array(segments.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < segments.length; i = next++) {
        const s = segments[i]!;
        if (s.text === null || s.lang === null) {
          parts[i] = chime();
          continue;
        }
        const file = join(work, `${s.id}.wav`);
        const { voice, speed } = VOICES[s.lang];
        await run('espeak-ng', ['-v', voice, '-s', String(speed), '-w', file, s.text]);
        parts[i] = trimSilence(decodeWav(readFileSync(file)));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const sampleRate = parts.find((p) => p.samples.length > 0)!.sampleRate;
    const index: VoiceIndex = { key, espeak, sampleRate, segments: {} };
    let at = 0;
    parts.forEach((p, i) => {
      if (p.sampleRate !== sampleRate) throw new Error(`render-voice: ${segments[i]!.id} is at ${p.sampleRate} Hz, not ${sampleRate}`);
      index.segments[segments[i]!.id] = [at, p.samples.length];
      at += p.samples.length;
    });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'voice.wav'), encodeWav(joinPcm(parts, { gapMs: 0, pauseMs: 0 })));
    writeFileSync(indexPath, JSON.stringify(index));
    return { index, rendered: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node --import tsx scripts/render-voice.ts <out-dir>');
    process.exit(2);
  }
  const t0 = performance.now();
  const { index, rendered } = await renderVoice(resolve(out));
  const seconds = Object.values(index.segments).reduce((s, [, n]) => s + n, 0) / index.sampleRate;
  console.log(
    `render-voice: ${Object.keys(index.segments).length} segments, ${seconds.toFixed(1)} s of audio (${index.espeak.split(' ').slice(0, 4).join(' ')}) ` +
      (rendered ? `rendered in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'unchanged'),
  );
}
