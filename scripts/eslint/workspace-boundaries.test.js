/**
 * The workspace rule on a small repository of its own (so each case shows what is derived from
 * which declaration, including a workspace the rule has never heard of), and on this repository's
 * real declarations (so the table of ARCHITECTURE.md §3 is what the package.json files say).
 */
import path from 'node:path';
import { RuleTester } from 'eslint';
import ts from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspaceBoundaries } from './workspace-boundaries.js';
import { readLayout } from './workspace-layout.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.afterAll = afterAll;

const root = '/repo';
const workspace = (dir, name, declared, node = false) => ({ dir, name, declared: new Set(declared), node });
const layout = {
  root,
  workspaces: [
    workspace('core', '@x/core', ['zod', 'xstate']),
    workspace('web', '@x/web', ['@x/core', 'dexie', 'svelte']),
    workspace('kiosk', '@x/kiosk', ['@x/core', '@x/web', '@sveltejs/kit', 'svelte']),
    // A workspace the rule has no line for: everything about it comes from its declarations.
    workspace('display', '@x/display', ['@x/core', '@x/web', 'svelte']),
    workspace('server', '@x/server', ['@x/core', 'fastify'], true),
    workspace('tests', '@x/tests', ['@x/core', '@x/server', '@x/kiosk'], true),
  ],
  tooling: new Set(['vitest', 'fast-check', 'vite']),
};

const tester = new RuleTester({ languageOptions: { parser: ts.parser, ecmaVersion: 'latest', sourceType: 'module' } });
const at = (file, code) => ({ filename: path.join(root, file), code });
/** A refusal; given `data`, the whole message is checked, with the workspace's own `from` and `declared`. */
const refused = (file, code, messageId, data) => {
  const from = layout.workspaces.find((w) => file.startsWith(`${w.dir}/`));
  const full = data && { from: from.dir, declared: [...from.declared].sort().join(', '), ...data };
  return { ...at(file, code), errors: [{ messageId, ...(full ? { data: full } : {}) }] };
};

tester.run('workspace-boundaries', createWorkspaceBoundaries(layout), {
  valid: [
    at('core/src/a.ts', "import { z } from 'zod';"),
    at('core/src/a.ts', "import { setup } from 'xstate';"),
    at('core/src/a.ts', "import { b } from './b.ts';"),
    at('core/src/a.ts', "import { c } from '@x/core/errors';"),
    at('core/src/a.test.ts', "import { it } from 'vitest'; import fc from 'fast-check';"),
    at('web/src/db.ts', "import Dexie from 'dexie'; import { e } from '@x/core/events';"),
    at('kiosk/src/lib/x.ts', "import { shell } from '@x/web/shell'; import { goto } from '$app/navigation';"),
    at('kiosk/src/routes/+page.ts', "import { x } from '$lib/x.ts';"),
    at('kiosk/vite.config.ts', "import { defineConfig } from 'vite'; import path from 'node:path';"),
    at('display/src/lib/call.ts', "import { shell } from '@x/web/shell'; import { q } from '@x/core/queue';"),
    at('server/src/db.ts', "import { readFile } from 'node:fs/promises'; import fastify from 'fastify';"),
    at('server/test/db.test.ts', "import { readFile } from 'fs/promises'; import { it } from 'vitest';"),
    at('tests/bench/a.ts', "import { build } from '@x/server'; import { x } from '../../kiosk/src/lib/x.ts';"),
    at('scripts/anything.js', "import { y } from '../kiosk/src/lib/y.ts';"),
    at('server/src/lazy.ts', "const m = await import('@x/core/id');"),
  ],
  invalid: [
    // core: an allow-list of two packages, so what a deny-list missed is refused too.
    refused('core/src/a.ts', "import { readFile } from 'fs/promises';", 'pureCore', { source: 'fs/promises', declared: 'xstate, zod' }),
    refused('core/src/a.ts', "import { openDB } from 'idb';", 'pureCore', { source: 'idb' }),
    refused('core/src/a.ts', "import postgres from 'postgres';", 'pureCore', { source: 'postgres' }),
    refused('core/src/a.ts', "import { x } from 'node:crypto';", 'pureCore'),
    refused('core/src/a.test.ts', "import { x } from 'node:fs';", 'pureCore'),
    refused('core/src/a.ts', "import { w } from '@x/web';", 'crossWorkspace', { from: 'core', to: 'web' }),
    refused('core/src/a.ts', "import { it } from 'vitest';", 'toolingInProduct', { source: 'vitest' }),
    // Apps reach another workspace only by declaring it, relative paths included.
    refused('kiosk/src/a.ts', "import { s } from '@x/server';", 'crossWorkspace', { from: 'kiosk', to: 'server' }),
    refused('display/src/a.ts', "import { s } from '../../kiosk/src/lib/x.ts';", 'crossWorkspace', { from: 'display', to: 'kiosk' }),
    refused('display/src/a.ts', "export { s } from '@x/kiosk/x';", 'crossWorkspace'),
    refused('display/src/a.ts', "export * from '@x/kiosk/x';", 'crossWorkspace'),
    refused('display/src/a.ts', "const k = await import('@x/kiosk/x');", 'crossWorkspace'),
    refused('web/src/a.ts', "import { k } from '@x/kiosk';", 'crossWorkspace', { from: 'web', to: 'kiosk' }),
    refused('tests/e2e/a.ts', "import { d } from '../../display/src/lib/call.ts';", 'crossWorkspace', { from: 'tests', to: 'display' }),
    // Browser workspaces: no Node built-ins in product code or its tests.
    refused('web/src/a.ts', "import { readFile } from 'node:fs';", 'nodeInBrowser', { source: 'node:fs', from: 'web' }),
    refused('kiosk/src/a.test.ts', "import path from 'path';", 'nodeInBrowser'),
    refused('display/src/a.ts', "import { goto } from '$app/navigation';", 'undeclared', { source: '$app/navigation' }),
    refused('kiosk/src/a.ts', "import Dexie from 'dexie';", 'undeclared', { source: 'dexie', from: 'kiosk' }),
    refused('server/src/a.ts', "import type { Page } from 'playwright';", 'undeclared'),
    refused('server/src/a.ts', "import fc from 'fast-check';", 'toolingInProduct', { source: 'fast-check', from: 'server' }),
  ],
});

describe("this repository's declarations", () => {
  const repo = readLayout(path.resolve(import.meta.dirname, '../..'));
  const dirOf = new Map(repo.workspaces.map((w) => [w.name, w.dir]));
  const imports = (dir) => {
    const w = repo.workspaces.find((x) => x.dir === dir);
    return [...w.declared]
      .filter((name) => dirOf.has(name))
      .map((name) => dirOf.get(name))
      .sort();
  };

  it('gives core zod and xstate and nothing of ours, and no Node', () => {
    const core = repo.workspaces.find((w) => w.dir === 'core');
    expect([...core.declared].sort()).toEqual(['xstate', 'zod']);
    expect(core.node).toBe(false);
  });

  it('lets web import core; kiosk and counter-app core and web; server and hardware core and pkcs11; pkcs11 nothing of ours', () => {
    expect(imports('web')).toEqual(['core']);
    expect(imports('kiosk')).toEqual(['core', 'web']);
    expect(imports('counter-app')).toEqual(['core', 'web']);
    expect(imports('sync-server')).toEqual(['core', 'pkcs11']);
    expect(imports('hardware')).toEqual(['core', 'pkcs11']);
    expect(imports('pkcs11')).toEqual([]);
  });

  it('runs the server, the agent and the tests on Node, and the browser workspaces not', () => {
    const onNode = (dir) => repo.workspaces.find((w) => w.dir === dir).node;
    expect(['sync-server', 'hardware', 'pkcs11', 'tests'].map(onNode)).toEqual([true, true, true, true]);
    expect(['core', 'web', 'kiosk', 'counter-app'].map(onNode)).toEqual([false, false, false, false]);
  });
});
