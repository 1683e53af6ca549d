// A static SPA: the kiosk renders in the browser (Dexie, the service worker and the agent live
// there), so nothing is prerendered or server-rendered.
export const ssr = false;
export const prerender = false;
