export * from './primitives.ts';
export * from './identity.ts';
export * from './contact.ts';
export * from './service.ts';
export * from './ticket.ts';
export * from './registration.ts';
export * from './reference.ts';
export * from './opening-hours.ts';
