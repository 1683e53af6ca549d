export * from './registration-events.ts';
export * from './handoff-registrations.ts';
