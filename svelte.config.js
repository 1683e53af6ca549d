// Shared SvelteKit configuration. Each app's own svelte.config.js extends it with
// `defineAppConfig({ ... })`, so both apps build the same way: static adapter (the apps are
// served as files by any web server, or from the kiosk's disk), SPA fallback, runes mode, and
// `@dangky/core` consumed as TypeScript source.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The apps' Content-Security-Policy, written into each page as a meta tag: scripts only from the
 * app's own origin, plus the hash SvelteKit computes of the one inline script it writes (the
 * start-up call), so an injected script never runs. wasm may compile (the kiosk's QR and MRZ
 * readers); connections go to the sync-server and the station's agent, whose addresses come
 * from pairing (any host). Framing is refused by the `frame-ancestors` header the server sends
 * (a meta tag cannot carry it): scripts/static-server.mjs.
 * @type {NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']}
 */
export const contentSecurityPolicy = {
  'default-src': ['self'],
  'script-src': ['self', 'wasm-unsafe-eval'],
  'worker-src': ['self'],
  'style-src': ['self', 'unsafe-inline'],
  'img-src': ['self', 'data:', 'blob:'],
  'media-src': ['self', 'data:', 'blob:'],
  'font-src': ['self'],
  'connect-src': ['self', 'http:', 'https:', 'ws:', 'wss:'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self'],
};

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
      csp: { mode: 'hash', directives: contentSecurityPolicy },
      ...own.kit,
    },
  };
}
