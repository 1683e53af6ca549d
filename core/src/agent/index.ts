export * from './protocol.ts';
export * from './messages/printer.ts';
export * from './client.ts';
