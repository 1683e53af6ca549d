// The help pages the ticket's link opens on a citizen's phone: plain HTML, one page per
// language, written into `static/help/` (Vietnamese) and `static/help/en/` from the same content
// files the kiosk shows (src/content/help/), so the site's kiosk server serves them with the app.
// Run before every build (`npm run build`).
//   node --import tsx kiosk/scripts/build-help.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helpHtml } from '../src/lib/help/help-html.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'static', 'help');
for (const [language, dir] of [
  ['vi', out],
  ['en', join(out, 'en')],
] as const) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), helpHtml(language));
}
console.log(`help pages written to ${out}`);
