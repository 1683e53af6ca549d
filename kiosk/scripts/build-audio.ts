// The kiosk's offline audio guidance pack: every text the kiosk can show, pre-synthesised with
// Debian's espeak-ng (Vietnamese and English voices) and encoded as Ogg Opus, into
// `static/audio/<lang>/<clip id>.ogg` with a `manifest.json` the page reads. Run before every
// build (`npm run build`), so the pack always says what the catalogues say; clips whose text and
// voice did not change are kept, so a rebuild synthesises only what changed. The files are part
// of the build's static files, so the service worker precaches them with the app.
//   node --import tsx kiosk/scripts/build-audio.ts
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clipId } from '../src/lib/audio/clip-id.ts';
import { spokenTexts } from '../src/lib/audio/spoken-texts.ts';

/**
 * Slow and clear: many listeners are elderly. Opus at 12 kbit/s is plenty for one voice. The
 * encoder is most of a clip's CPU (about 0.12 s of 0.16 s at its default complexity 10); at 4 it
 * takes about half that, with a waveform SNR within 1 dB of 10 on espeak-ng's formant voice, so a
 * cold pack (every clip, as in a fresh checkout) costs about a third less.
 */
const VOICES = { vi: { voice: 'vi', speed: 135 }, en: { voice: 'en-us', speed: 145 } } as const;
const BITRATE_KBPS = 12;
const COMPLEXITY = 4;
/** Each clip is two short processes that mostly wait to start; more at once than cores pays. */
const WIDTH = 8;

const kiosk = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(kiosk, 'static', 'audio');
const manifestPath = join(out, 'manifest.json');

function missingTool(cmd: string, e: Error): Error {
  return (e as NodeJS.ErrnoException).code === 'ENOENT'
    ? new Error(`${cmd} is missing: run scripts/ensure-system.sh (apt: espeak-ng, opus-tools)`, { cause: e })
    : e;
}

/** The first line a tool prints for `--version`: a new voice or encoder renders the pack again. */
function version(cmd: string): string {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  if (r.error) throw missingTool(cmd, r.error);
  return r.stdout.split('\n')[0]!.trim();
}

const SETTINGS = JSON.stringify({ VOICES, BITRATE_KBPS, COMPLEXITY, espeak: version('espeak-ng'), opusenc: version('opusenc') });

function exited(child: ChildProcess, cmd: string): Promise<void> {
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) => {
    child.once('error', (e) => rej(missingTool(cmd, e)));
    // 'exit', not 'close': espeak-ng's stdout belongs to opusenc, so its stdio never all close here.
    child.once('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} exited ${code}: ${err.trim()}`))));
  });
}

/**
 * espeak-ng's WAV piped straight into opusenc (two processes, no shell). The text goes in on
 * stdin: never on a command line, never parsed as an option; the voice settings are ours.
 */
async function synthesise(lang: 'vi' | 'en', text: string, file: string): Promise<void> {
  const { voice, speed } = VOICES[lang];
  const partial = `${file}.tmp`;
  const espeak = spawn('espeak-ng', ['-v', voice, '-s', String(speed), '--stdin', '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const opus = spawn(
    'opusenc',
    ['--quiet', '--speech', '--bitrate', String(BITRATE_KBPS), '--comp', String(COMPLEXITY), '--downmix-mono', '-', partial],
    { stdio: [espeak.stdout, 'ignore', 'pipe'] },
  );
  espeak.stdin.end(text);
  await Promise.all([exited(espeak, 'espeak-ng'), exited(opus, 'opusenc')]);
  // Only a whole clip takes the clip's name: a build stopped mid-clip leaves no half clip that
  // the next build would keep as done (the stray .tmp is swept with the clips no longer needed).
  renameSync(partial, file);
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const started = performance.now();
const previous = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { settings?: string }) : null;
if (previous?.settings !== SETTINGS) rmSync(out, { recursive: true, force: true });

type PackLanguage = { clips: string[]; templates: string[]; said?: Record<string, string> };
const previousSaid = (lang: string): Record<string, string> =>
  (previous as { languages?: Record<string, PackLanguage> } | null)?.languages?.[lang]?.said ?? {};
const manifest: { settings: string; languages: Record<string, PackLanguage> } = {
  settings: SETTINGS,
  languages: {},
};
let made = 0;
let bytes = 0;
for (const lang of ['vi', 'en'] as const) {
  const dir = join(out, lang);
  mkdirSync(dir, { recursive: true });
  const { texts, templates, said } = spokenTexts(lang);
  const clips = new Map(texts.map((t) => [clipId(t), t]));
  // A clip is named by the text on screen; a name said otherwise (say-as.ts) is read from its
  // respelling, and made again when the respelling changes.
  const before = previousSaid(lang);
  const missing = [...clips].filter(([id]) => !existsSync(join(dir, `${id}.ogg`)) || (before[id] ?? null) !== (said.get(id) ?? null));
  await inParallel(missing, WIDTH, async ([id, text]) => {
    await synthesise(lang, said.get(id) ?? text, join(dir, `${id}.ogg`));
    made++;
  });
  for (const f of readdirSync(dir)) if (!clips.has(f.replace(/\.ogg$/, ''))) rmSync(join(dir, f));
  for (const id of clips.keys()) bytes += statSync(join(dir, `${id}.ogg`)).size;
  manifest.languages[lang] = { clips: [...clips.keys()].sort(), templates, said: Object.fromEntries(said) };
}
writeFileSync(manifestPath, JSON.stringify(manifest));
bytes += statSync(manifestPath).size;
const clipsTotal = Object.values(manifest.languages).reduce((n, l) => n + l.clips.length, 0);
console.log(
  `audio pack: ${clipsTotal} clips (${made} synthesised now), ${(bytes / 1024).toFixed(0)} KB, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
