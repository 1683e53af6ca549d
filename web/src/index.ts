export * from './http-client.ts';
export * from './sealer.ts';
