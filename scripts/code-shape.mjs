#!/usr/bin/env node
/**
 * The shape of the code, in figures anyone can re-run: the largest files, the longest functions
 * and every import cycle (there should be none). Test files are left out unless `--tests`.
 *
 *   node scripts/code-shape.mjs [--top N] [--tests] [--json]
 *
 * Exits 1 when the product code has an import cycle, so `npm test` keeps the count at zero.
 */
import path from 'node:path';
import { importCycles } from './code-shape/cycles.js';
import { isTest, makeResolver, readModule, sourceFiles } from './code-shape/modules.js';

const args = process.argv.slice(2);
const top = Number(args[args.indexOf('--top') + 1]) || 15;
const withTests = args.includes('--tests');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const files = sourceFiles(root);
const resolve = makeResolver(root, files);
const modules = files.map((f) => readModule(root, f));
const measured = modules.filter((m) => withTests || !isTest(m.file));

const graph = new Map();
for (const m of modules.filter((m) => !isTest(m.file))) {
  graph.set(m.file, [...new Set(m.imports.map((s) => resolve(m.file, s)).filter(Boolean))]);
}
const cycles = importCycles(graph);

const largestFiles = [...measured].sort((a, b) => b.lines - a.lines).slice(0, top);
const longestFunctions = measured
  .flatMap((m) => m.functions.map((f) => ({ ...f, file: m.file })))
  .sort((a, b) => b.lines - a.lines)
  .slice(0, top);
const totals = {
  files: measured.length,
  lines: measured.reduce((n, m) => n + m.lines, 0),
  functionsOver50Lines: measured.flatMap((m) => m.functions).filter((f) => f.lines > 50).length,
  filesOver300Lines: measured.filter((m) => m.lines > 300).length,
  importCycles: cycles.length,
};

if (args.includes('--json')) {
  console.log(JSON.stringify({ totals, largestFiles: largestFiles.map(({ file, lines }) => ({ file, lines })), longestFunctions, cycles }));
} else {
  console.log(
    `${totals.files} ${withTests ? '' : 'product '}files, ${totals.lines} lines; ${totals.filesOver300Lines} files over 300 lines, ${totals.functionsOver50Lines} functions over 50 lines`,
  );
  console.log(`\nlargest files`);
  for (const m of largestFiles) console.log(`${String(m.lines).padStart(6)}  ${m.file}`);
  console.log(`\nlongest functions`);
  for (const f of longestFunctions) console.log(`${String(f.lines).padStart(6)}  ${f.file}:${f.line} ${f.name}`);
  console.log(`\nimport cycles: ${cycles.length}`);
  for (const c of cycles) console.log(`  ${c.join(' ↔ ')}`);
}
process.exitCode = cycles.length > 0 ? 1 : 0;
