export * from './uuidv7.ts';
export * from './event-types.ts';
export * from './envelope.ts';
export * from './fold-registration.ts';
export * from './registration-state.ts';
export * from './outcome-event.ts';
export * from './event-time.ts';
export { approvalReason, APPROVAL_REASON_MIN, CORRECTABLE_FIELDS, correctionChanges, type CorrectableField } from './gate-events.ts';
