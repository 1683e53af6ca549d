export * from './registration-events.ts';
