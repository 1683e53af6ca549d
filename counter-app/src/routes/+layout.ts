// A static SPA: every page renders in the browser (Dexie, sessionStorage and the device pairing
// live there), so nothing is prerendered or server-rendered.
export const ssr = false;
export const prerender = false;
