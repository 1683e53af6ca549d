/**
 * What each workspace may import, read from the repository's own declarations so the lint rule
 * cannot drift from them: the workspaces are the root package.json's `workspaces`; a workspace may
 * import what its package.json declares (dependencies, devDependencies, peer and optional ones,
 * workspace packages included) and itself; it may import Node built-ins only when its tsconfig
 * compiles against Node's types (`"types": ["node"]`), the same line the type checker draws.
 * The root's devDependencies are the shared tooling (test runner, property tests, bundler): open
 * to test files and to a workspace's build and run scripts, never to its product code.
 * A new workspace (a package.json and a line in the root's `workspaces`) is covered without
 * touching the rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

const declaredIn = (pkg) =>
  new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ]);

/**
 * @typedef {{ dir: string, name: string, declared: Set<string>, node: boolean }} Workspace
 * @typedef {{ root: string, workspaces: Workspace[], tooling: Set<string> }} Layout
 */

/**
 * Reads the layout of the repository at `root`.
 * @returns {Layout}
 */
export function readLayout(root) {
  const rootPkg = readJson(path.join(root, 'package.json'));
  const workspaces = (rootPkg.workspaces ?? []).map((dir) => {
    const pkg = readJson(path.join(root, dir, 'package.json'));
    const tsconfig = path.join(root, dir, 'tsconfig.json');
    const types = existsSync(tsconfig) ? (readJson(tsconfig).compilerOptions?.types ?? []) : [];
    return { dir, name: pkg.name, declared: declaredIn(pkg), node: types.includes('node') };
  });
  return { root, workspaces, tooling: new Set(Object.keys(rootPkg.devDependencies ?? {})) };
}
