/**
 * Reads the repository's TypeScript, JavaScript and Svelte sources with the TypeScript parser:
 * each file's lines, its functions with their lengths, and the modules it imports at run time
 * (static and dynamic imports; `import type` and type-only exports are left out, since they
 * vanish when the code runs and cannot make a load-order cycle).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|js|mjs|svelte)$/;
const GENERATED = /(^|\/)(node_modules|build|dist|\.svelte-kit)\//;

/** A test file: its size says nothing about the shape of the product code. */
export const isTest = (file) => /\.(test|spec)\.[jt]s$/.test(file) || file.startsWith('tests/');

/** The files git tracks (and untracked ones it does not ignore), relative to `root`. */
export function sourceFiles(root) {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((f) => SOURCE.test(f) && !GENERATED.test(f) && existsSync(path.join(root, f)))
    .sort();
}

/** The script blocks of a Svelte file, each with the line it starts on (0-based). */
function scriptsOf(file, text) {
  if (!file.endsWith('.svelte')) return [{ code: text, firstLine: 0 }];
  const blocks = [];
  for (const m of text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) {
    const start = m.index + m[0].indexOf('>') + 1;
    blocks.push({ code: m[1], firstLine: text.slice(0, start).split('\n').length - 1 });
  }
  return blocks;
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name && ts.isStringLiteral(node.name)) return node.name.text;
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return parent.name.getText();
  }
  if (parent && ts.isCallExpression(parent)) return `(argument of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

/** Module specifiers imported at run time. */
function runtimeImports(node, into) {
  if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
    const named = node.importClause?.namedBindings;
    const allTypes =
      node.importClause &&
      !node.importClause.name &&
      named &&
      ts.isNamedImports(named) &&
      named.elements.length > 0 &&
      named.elements.every((e) => e.isTypeOnly);
    if (!allTypes) into.push(node.moduleSpecifier.text);
  } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
    into.push(node.moduleSpecifier.text);
  } else if (
    ts.isCallExpression(node) &&
    node.expression.kind === ts.SyntaxKind.ImportKeyword &&
    node.arguments[0] &&
    ts.isStringLiteralLike(node.arguments[0])
  ) {
    into.push(node.arguments[0].text);
  }
}

/**
 * @returns {{ file: string, lines: number, functions: { name: string, line: number, lines: number }[], imports: string[] }}
 */
export function readModule(root, file) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const functions = [];
  const imports = [];
  for (const { code, firstLine } of scriptsOf(file, text)) {
    const source = ts.createSourceFile(
      file,
      code,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('.js') || file.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS,
    );
    const visit = (node) => {
      runtimeImports(node, imports);
      if (isFunction(node) && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.end).line;
        functions.push({ name: functionName(node), line: firstLine + start + 1, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), functions, imports };
}

/**
 * Resolves an import to a repository file, or null when it points outside (a package, a Node
 * built-in, a virtual SvelteKit module). Workspace packages resolve through their `exports`,
 * and `$lib` to the app's own `src/lib`.
 */
export function makeResolver(root, files) {
  const known = new Set(files);
  const exportsOf = new Map();
  for (const manifest of files.length ? listManifests(root) : []) {
    const pkg = JSON.parse(readFileSync(path.join(root, manifest), 'utf8'));
    exportsOf.set(pkg.name, { dir: path.dirname(manifest), exports: pkg.exports ?? {} });
  }
  const pick = (candidate) => {
    const norm = path.posix.normalize(candidate);
    for (const c of [norm, `${norm}.ts`, `${norm}.js`, `${norm}/index.ts`, `${norm}/index.js`]) if (known.has(c)) return c;
    return null;
  };
  return (from, specifier) => {
    if (specifier.startsWith('.')) return pick(path.posix.join(path.posix.dirname(from), specifier));
    if (specifier.startsWith('$lib')) return pick(`${from.split('/')[0]}/src/lib${specifier.slice(4)}`);
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const pkg = exportsOf.get(name);
    if (!pkg) return null;
    const sub = `.${specifier.slice(name.length)}`;
    const target = typeof pkg.exports === 'string' && sub === '.' ? pkg.exports : pkg.exports[sub];
    return typeof target === 'string' ? pick(path.posix.join(pkg.dir, target)) : null;
  };
}

function listManifests(root) {
  const out = execFileSync('git', ['ls-files', '*/package.json'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((f) => f && !GENERATED.test(f));
}
