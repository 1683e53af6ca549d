import { defineAppConfig } from '../svelte.config.js';

/** The kiosk: the shared static SPA build, plus a service worker (src/service-worker.ts) so it loads offline (see ../svelte.config.js). */
export default defineAppConfig({});
