export * from './sync-machine.ts';
