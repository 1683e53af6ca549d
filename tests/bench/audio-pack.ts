/**
 * The kiosk's offline audio guidance pack (kiosk/scripts/build-audio.ts): its size on disk per
 * language, and how long the browser takes to precache it — every clip fetched and stored with
 * the Cache API, as the service worker's install does, from the built kiosk served on this
 * machine (Debian's Chromium, 1 page, cold cache). Builds the pack first when it is missing.
 * Prints a table and one JSON line.
 *
 *   npx tsx tests/bench/audio-pack.ts          (also: npm run bench -- audio-pack)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
// @ts-expect-error — plain ESM script shared with `npm start`, no type declarations
import { freePort, repoRoot } from '../../scripts/system.mjs';
// @ts-expect-error — plain ESM script, no type declarations
import { serveStatic } from '../../scripts/static-server.mjs';

const kiosk = join(repoRoot as string, 'kiosk');
const audio = join(kiosk, 'static', 'audio');
if (!existsSync(join(audio, 'manifest.json')))
  execFileSync('npm', ['run', 'audio', '-w', '@dangky/kiosk'], { cwd: repoRoot, stdio: 'inherit' });

const rows = ['vi', 'en'].map((lang) => {
  const files = readdirSync(join(audio, lang));
  const bytes = files.reduce((s, f) => s + statSync(join(audio, lang, f)).size, 0);
  return { lang, clips: files.length, kb: +(bytes / 1024).toFixed(0) };
});
const manifestKb = +(statSync(join(audio, 'manifest.json')).size / 1024).toFixed(1);
const packKb = rows.reduce((s, r) => s + r.kb, 0) + manifestKb;
console.table(rows);

// Precache timing: serve the pack (as the build serves its static files) and cache every clip.
const port = (await freePort()) as number;
const server = (await serveStatic({ root: join(kiosk, 'static'), port })) as { close: () => void };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const runs: number[] = [];
try {
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/audio/manifest.json`);
    runs.push(
      await page.evaluate(async () => {
        const m = (await (await fetch('/audio/manifest.json')).json()) as { languages: Record<string, { clips: string[] }> };
        const urls = Object.entries(m.languages).flatMap(([lang, l]) => l.clips.map((id) => `/audio/${lang}/${id}.ogg`));
        const started = performance.now();
        const cache = await caches.open('bench-audio');
        await cache.addAll(urls);
        return performance.now() - started;
      }),
    );
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
runs.sort((a, b) => a - b);
const precacheMs = Math.round(runs[1]!);
console.log(
  `audio pack: ${packKb.toFixed(0)} KB (${rows.map((r) => `${r.lang} ${r.clips} clips ${r.kb} KB`).join(', ')}); precache in Chromium: ${precacheMs} ms (median of 3, loopback)`,
);
console.log(
  JSON.stringify({
    bench: 'audio-pack',
    packKb: Math.round(packKb),
    clips: rows.reduce((s, r) => s + r.clips, 0),
    precacheMsMedian: precacheMs,
  }),
);
