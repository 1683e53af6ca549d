// The kiosk's first-screen JavaScript, in KB gzip: the entry modules `build/index.html` starts
// plus everything they import statically (what the browser must fetch and run before the
// welcome screen can be touched). Chunks reached only through `import()` load after the first
// paint and are reported apart, as is the total. Builds the kiosk first when there is no build.
//   node kiosk/scripts/first-screen-size.mjs          (also: npm run bench -- kiosk-first-screen)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 50;
const kiosk = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(kiosk, 'build');
if (!existsSync(join(build, 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: kiosk, stdio: 'ignore' });

const html = readFileSync(join(build, 'index.html'), 'utf8');
const fileOf = (url) => join(build, url.replace(/^(\.\/|\/)/, ''));
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Static imports of one module: `import … from "x"`, `import "x"`, `export … from "x"` — not `import("x")`. */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const found = [];
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g))
    found.push(resolve(dirname(file), m[1]));
  return found;
}

const entries = [...html.matchAll(/import\(["']([^"']+\.js)["']\)/g)].map((m) => fileOf(m[1]));
if (entries.length === 0) throw new Error('no entry modules found in build/index.html');
const first = new Set();
const queue = [...entries];
while (queue.length) {
  const file = queue.pop();
  if (first.has(file)) continue;
  first.add(file);
  queue.push(...staticImports(file));
}
// The root layout and the welcome page are started by the entry through its route table; they
// are part of the first screen too (nodes 0 and 2 for '/').
const nodes = join(build, '_app/immutable/nodes');
for (const n of readdirSync(nodes).filter((f) => /^(0|2)\.[\w-]+\.js$/.test(f))) {
  const queue2 = [join(nodes, n)];
  while (queue2.length) {
    const file = queue2.pop();
    if (first.has(file)) continue;
    first.add(file);
    queue2.push(...staticImports(file));
  }
}

const allJs = [];
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.js')) allJs.push(p);
  }
};
walk(join(build, '_app'));
const kb = (bytes) => +(bytes / 1024).toFixed(1);
const firstBytes = [...first].reduce((s, f) => s + gz(f), 0);
const totalBytes = allJs.reduce((s, f) => s + gz(f), 0);
const rows = [...first].map((f) => ({ module: relative(build, f), kbGzip: kb(gz(f)) })).sort((a, b) => b.kbGzip - a.kbGzip);
console.table(rows);
const result = {
  bench: 'kiosk-first-screen',
  firstScreenKbGzip: kb(firstBytes),
  // Exact, because the rounded figure hides how close to the budget it is.
  firstScreenBytesGzip: firstBytes,
  budgetKbGzip: BUDGET_KB,
  afterFirstPaintKbGzip: kb(totalBytes - firstBytes),
  totalKbGzip: kb(totalBytes),
  modules: first.size,
};
console.log(
  `first screen: ${result.firstScreenKbGzip} KB gzip, ${firstBytes} bytes (budget ${BUDGET_KB} KB = ${BUDGET_KB * 1024} bytes); loaded after first paint: ${result.afterFirstPaintKbGzip} KB; total ${result.totalKbGzip} KB`,
);
console.log(JSON.stringify(result));
process.exitCode = firstBytes / 1024 <= BUDGET_KB ? 0 : 1;
