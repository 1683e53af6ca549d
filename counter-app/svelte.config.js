import { defineAppConfig } from '../svelte.config.js';

/** The counter-app: the shared static SPA build (see ../svelte.config.js). */
export default defineAppConfig({});
