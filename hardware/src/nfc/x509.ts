// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API
// loaded first (as hardware/src/ca/x509.ts does for the CA); the chip code imports it from here.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
