export * from './sync.ts';
export * from './staff.ts';
export * from './routes.ts';
export * from './pairing.ts';
