export * from './device-db.ts';
export * from './http-client.ts';
export * from './outbox.ts';
export * from './pairing-store.ts';
export * from './push-batch.ts';
export * from './sealer.ts';
export * from './sealing-key.ts';
export * from './settings.ts';
