/**
 * The dependency rule of ARCHITECTURE.md §3, as a lint rule:
 * - `core/` is pure domain: no Node built-ins, no I/O libraries, no DOM frameworks, nothing of ours.
 * - apps (`kiosk/`, `counter-app/`, `sync-server/`, `hardware/`) may import core, never each other.
 * - `web/` is the browser edge the two browser apps share (HTTP client, at-rest sealer); it may
 *   import core, and only kiosk and counter-app may import it.
 * The message says why, so the fix is obvious to whoever meets it.
 */
import path from 'node:path';

const WORKSPACES = ['core', 'web', 'kiosk', 'counter-app', 'sync-server', 'hardware', 'tests'];
const PACKAGE_OF = {
  '@dangky/core': 'core',
  '@dangky/web': 'web',
  '@dangky/kiosk': 'kiosk',
  '@dangky/counter-app': 'counter-app',
  '@dangky/sync-server': 'sync-server',
  '@dangky/hardware': 'hardware',
};
const IO_IN_CORE =
  /^(node:|fs$|path$|os$|child_process$|net$|http$|https$|crypto$|dexie|svelte|@sveltejs\/|serialport|@serialport\/|pkcs11js|pg$|@electric-sql\/|fastify|@fastify\/|ws$|tesseract\.js)/;
const ALLOWED = {
  core: [],
  web: ['core'],
  kiosk: ['core', 'web'],
  'counter-app': ['core', 'web'],
  'sync-server': ['core'],
  hardware: ['core'],
  tests: WORKSPACES,
};

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function workspaceOfFile(file) {
  const rel = path.relative(root, file).split(path.sep);
  return WORKSPACES.includes(rel[0]) ? rel[0] : null;
}

function targetWorkspace(source, file) {
  if (source.startsWith('.')) return workspaceOfFile(path.resolve(path.dirname(file), source));
  const pkg = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
  return PACKAGE_OF[pkg] ?? null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const workspaceBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the workspace dependency rule (ARCHITECTURE.md §3)' },
    schema: [],
    messages: {
      coreIo:
        "core/ is the pure domain shared by kiosk, counter, server and agent; '{{source}}' does I/O or ties it to one runtime. Take it as an injected actor/port and implement it in the app instead.",
      crossApp:
        '{{from}}/ may not import from {{to}}/: apps are deployed separately and only share core/. Move the shared piece into core/ (if it is pure) or duplicate the thin adapter.',
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = workspaceOfFile(file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (from === 'core' && IO_IN_CORE.test(source)) {
        context.report({ node, messageId: 'coreIo', data: { source } });
        return;
      }
      const to = targetWorkspace(source, file);
      if (to && to !== from && !ALLOWED[from].includes(to)) {
        context.report({ node, messageId: 'crossApp', data: { from, to } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
