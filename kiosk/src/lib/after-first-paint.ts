/**
 * Everything the kiosk loads right after the welcome screen is on screen: the device (database,
 * sync, agent, the registration flow), the flow's screens, the footer and the audio guidance.
 * One module behind one `import()`, so the first screen carries one loader for them, not one each
 * (the first screen has a 50 KB budget).
 */
export { openKiosk } from './device/kiosk.svelte.ts';
export { default as Flow } from './screens/Flow.svelte';
export { default as Footer } from './components/StationFooter.svelte';
export { default as AudioGuidance } from './audio/AudioGuidance.svelte';
