/**
 * The dependency rule of ARCHITECTURE.md §3, as a lint rule built on an allow-list: a file in a
 * workspace may import only what that workspace declares (see workspace-layout.js), so `core/`
 * can import zod and xstate and nothing else — no `fs/promises`, no `idb`, no `postgres` — and an
 * app can reach another workspace only by declaring it. The message says why, so the fix is
 * obvious to whoever meets it.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { readLayout } from './workspace-layout.js';

const BUILTINS = new Set(builtinModules);
const isBuiltin = (source) => source.startsWith('node:') || BUILTINS.has(source);
/** SvelteKit's virtual modules (`$app/*`, `$env/*`, `$service-worker`), there for its apps. */
const isKitVirtual = (source) => source.startsWith('$') && !source.startsWith('$lib');

const packageOf = (source) => (source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0]);

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]s$/;

/**
 * What a file is, by where it sits: `product` code under `src/`, a `test` (a `*.test.*` file or
 * one under `test/`), or `tooling` (a workspace's config files, scripts and bin, and every file of
 * a workspace without a `src/`, like tests/).
 */
function roleOf(rest) {
  if (TEST_FILE.test(rest.at(-1) ?? '') || rest[0] === 'test') return 'test';
  return rest[0] === 'src' ? 'product' : 'tooling';
}

const list = (names) => [...names].sort().join(', ') || 'nothing';

/** Builds the rule for a layout (the repository's own unless a test gives another). */
export function createWorkspaceBoundaries(layout) {
  const byDir = [...layout.workspaces].sort((a, b) => b.dir.length - a.dir.length);
  const byName = new Map(layout.workspaces.map((w) => [w.name, w]));

  const locate = (file) => {
    const rel = path.relative(layout.root, file).split(path.sep).join('/');
    const workspace = byDir.find((w) => rel.startsWith(`${w.dir}/`));
    return workspace ? { workspace, rest: rel.slice(workspace.dir.length + 1).split('/') } : null;
  };

  return {
    meta: {
      type: 'problem',
      docs: { description: 'Each workspace imports only what its package.json declares (ARCHITECTURE.md §3)' },
      schema: [],
      messages: {
        pureCore:
          "core/ is the pure domain shared by kiosk, counter, server and agent and depends only on {{declared}}; '{{source}}' does I/O or ties it to one runtime. Take it as an injected actor/port and implement it in the app instead.",
        crossWorkspace:
          '{{from}}/ may not import from {{to}}/: workspaces are deployed separately and share only what their package.json declares. Put what both need in core/ if it is pure, or in web/ (@dangky/web) if it is browser code the browser apps share.',
        nodeInBrowser:
          "'{{source}}' is a Node built-in, and {{from}}/ runs in the browser (its tsconfig.json does not compile against Node's types). Use the browser's API, or put the Node part in a workspace that runs on Node.",
        undeclared:
          "'{{source}}' is not a dependency of {{from}}/. Declare it in {{from}}/package.json if {{from}}/ really needs it (its code is deployed with only what it declares).",
        toolingInProduct:
          "'{{source}}' is shared tooling (a root devDependency) for tests and scripts; {{from}}/src may not ship it. Declare it in {{from}}/package.json if the product needs it.",
      },
    },
    create(context) {
      const here = locate(context.filename);
      if (!here) return {};
      const { workspace: from, rest } = here;
      const role = roleOf(rest);
      const report = (node, messageId, data) => context.report({ node, messageId, data: { from: from.dir, ...data } });

      const checkWorkspace = (node, to) => {
        if (to !== from && !from.declared.has(to.name)) report(node, 'crossWorkspace', { to: to.dir });
      };

      const check = (node, source) => {
        if (typeof source !== 'string') return;
        if (source.startsWith('.')) {
          const target = locate(path.resolve(path.dirname(context.filename), source));
          if (target) checkWorkspace(node, target.workspace);
          return;
        }
        if (source.startsWith('$lib')) return;
        if (isKitVirtual(source)) {
          if (!from.declared.has('@sveltejs/kit')) report(node, 'undeclared', { source });
          return;
        }
        if (isBuiltin(source)) {
          if (from.node || role === 'tooling') return;
          report(node, from.dir === 'core' ? 'pureCore' : 'nodeInBrowser', { source, declared: list(from.declared) });
          return;
        }
        const name = packageOf(source);
        const to = byName.get(name);
        if (to) return checkWorkspace(node, to);
        if (name === from.name || from.declared.has(name)) return;
        if (layout.tooling.has(name)) {
          if (role === 'product') report(node, 'toolingInProduct', { source });
          return;
        }
        report(node, from.dir === 'core' ? 'pureCore' : 'undeclared', { source, declared: list(from.declared) });
      };

      return {
        ImportDeclaration: (node) => check(node, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
        ExportAllDeclaration: (node) => check(node, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      };
    },
  };
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** @type {import('eslint').Rule.RuleModule} */
export const workspaceBoundaries = createWorkspaceBoundaries(readLayout(root));
