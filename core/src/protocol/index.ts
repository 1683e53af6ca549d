export * from './sync.ts';
export * from './staff.ts';
export * from './routes.ts';
export * from './pairing.ts';
export * from './remote-signing.ts';
export * from './counts-report.ts';
export * from './citizens.ts';
