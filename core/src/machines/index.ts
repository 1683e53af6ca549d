// The kiosk registration flow and the counter flow are added here as they are written.
export {};
export * from './counter-service.ts';
export * from './counter-resume.ts';
export * from './counter-refresh.ts';
export * from './kiosk-registration.ts';
export * from './token-issuance.ts';
export * from './token-care.ts';
export * from './remote-activation.ts';
export type { PinEntryContext, PinEntryEvent } from './pin-entry.ts';
export * from './identity-questions.ts';
