export * from './registration-events.ts';
export * from './handoff-registrations.ts';
export * from './fold-or-throw.ts';
export * from './holdings.ts';
