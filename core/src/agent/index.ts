export * from './protocol.ts';
export * from './messages/printer.ts';
export * from './messages/nfc.ts';
export * from './messages/qr.ts';
export * from './messages/token.ts';
export * from './messages/keys.ts';
export * from './messages/headset.ts';
export * from './client.ts';
