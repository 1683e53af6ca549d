import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import { workspaceBoundaries } from './scripts/eslint/workspace-boundaries.js';

/**
 * Lint for the whole repo. The rule that matters most is the dependency rule of
 * ARCHITECTURE.md §3, enforced by `dangky/workspace-boundaries` with a message that says why.
 */
export default ts.config(
  {
    ignores: [
      '.tmp/',
      '**/node_modules/',
      '**/.svelte-kit/',
      '**/build/',
      '**/dist/',
      '.data/',
      '**/test-results/',
      '**/static/vendor/',
      '**/src/lib/paraglide/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { dangky: { rules: { 'workspace-boundaries': workspaceBoundaries } } },
    rules: {
      'dangky/workspace-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Command-line tools and the start script talk to a terminal.
    files: [
      'scripts/**',
      '*/scripts/**',
      'hardware/src/cli/**',
      'hardware/bin/**',
      'tests/bench/**',
      '**/bench.ts',
      'sync-server/src/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
