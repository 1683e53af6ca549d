// The kiosk's offline audio guidance pack: every text the kiosk can show, pre-synthesised with
// Debian's espeak-ng (Vietnamese and English voices) and encoded as Ogg Opus, into
// `static/audio/<lang>/<clip id>.ogg` with a `manifest.json` the page reads. Run before every
// build (`npm run build`), so the pack always says what the catalogues say; clips whose text and
// voice did not change are kept, so a rebuild synthesises only what changed. The files are part
// of the build's static files, so the service worker precaches them with the app.
//   node --import tsx kiosk/scripts/build-audio.ts
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clipId } from '../src/lib/audio/clip-id.ts';
import { spokenTexts } from '../src/lib/audio/spoken-texts.ts';

/** Slow and clear: many listeners are elderly. Opus at 12 kbit/s is plenty for one voice. */
const VOICES = { vi: { voice: 'vi', speed: 135 }, en: { voice: 'en-us', speed: 145 } } as const;
const BITRATE_KBPS = 12;
/** Each clip is two short processes that mostly wait to start; more at once than cores pays. */
const WIDTH = 8;
const SETTINGS = JSON.stringify({ VOICES, BITRATE_KBPS, engine: 'espeak-ng+opusenc' });

const kiosk = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(kiosk, 'static', 'audio');
const manifestPath = join(out, 'manifest.json');

function run(cmd: string, args: string[], input?: string): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', (e) =>
      rej(
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`${cmd} is missing: run scripts/ensure-system.sh (apt: espeak-ng, opus-tools)`, { cause: e })
          : e,
      ),
    );
    child.once('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} exited ${code}: ${err.trim()}`))));
    if (input !== undefined) child.stdin!.end(input);
  });
}

async function synthesise(lang: 'vi' | 'en', text: string, file: string): Promise<void> {
  const { voice, speed } = VOICES[lang];
  // espeak-ng's WAV straight into opusenc. The text goes in on stdin: never on a command line,
  // never parsed as an option; the voice settings are ours, not input.
  const pipeline = `espeak-ng -v ${voice} -s ${speed} --stdin --stdout | opusenc --quiet --speech --bitrate ${BITRATE_KBPS} --downmix-mono - "$0"`;
  await run('bash', ['-o', 'pipefail', '-c', pipeline, file], text);
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

const manifest: { settings: string; languages: Record<string, { clips: string[]; templates: string[] }> } = {
  settings: SETTINGS,
  languages: {},
};
let made = 0;
let bytes = 0;
for (const lang of ['vi', 'en'] as const) {
  const dir = join(out, lang);
  mkdirSync(dir, { recursive: true });
  const { texts, templates } = spokenTexts(lang);
  const clips = new Map(texts.map((t) => [clipId(t), t]));
  const missing = [...clips].filter(([id]) => !existsSync(join(dir, `${id}.ogg`)));
  await inParallel(missing, WIDTH, async ([id, text]) => {
    await synthesise(lang, text, join(dir, `${id}.ogg`));
    made++;
  });
  for (const f of readdirSync(dir)) if (!clips.has(f.replace(/\.ogg$/, ''))) rmSync(join(dir, f));
  for (const id of clips.keys()) bytes += statSync(join(dir, `${id}.ogg`)).size;
  manifest.languages[lang] = { clips: [...clips.keys()].sort(), templates };
}
writeFileSync(manifestPath, JSON.stringify(manifest));
bytes += statSync(manifestPath).size;
const clipsTotal = Object.values(manifest.languages).reduce((n, l) => n + l.clips.length, 0);
console.log(
  `audio pack: ${clipsTotal} clips (${made} synthesised now), ${(bytes / 1024).toFixed(0)} KB, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
