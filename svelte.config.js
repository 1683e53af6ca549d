// Shared SvelteKit configuration. Each app's own svelte.config.js extends it with
// `defineAppConfig({ ... })`, so both apps build the same way: static adapter (the apps are
// served as files by any web server, or from the kiosk's disk), SPA fallback, runes mode, and
// `@dangky/core` consumed as TypeScript source.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * @param {{ kit?: import('@sveltejs/kit').KitConfig, compilerOptions?: import('svelte/compiler').CompileOptions }} [own]
 * @returns {import('@sveltejs/kit').Config}
 */
export function defineAppConfig(own = {}) {
  return {
    preprocess: vitePreprocess(),
    compilerOptions: { runes: true, ...own.compilerOptions },
    kit: {
      adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: true, strict: true }),
      // Relative asset paths let the built app run from any origin and from file-backed kiosks.
      paths: { relative: true },
      ...own.kit,
    },
  };
}
