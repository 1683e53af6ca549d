export * from './retention.ts';
export * from './erasure.ts';
