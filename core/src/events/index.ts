export * from './uuidv7.ts';
export * from './event-types.ts';
export * from './envelope.ts';
export * from './fold-registration.ts';
