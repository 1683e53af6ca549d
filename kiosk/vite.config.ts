import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/** Port 4101 is the kiosk's in the demo (`npm start`); tests serve the build on a random port. */
export default defineConfig({
  plugins: [sveltekit()],
  server: { port: 4101, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4101, strictPort: true, host: '127.0.0.1' },
});
