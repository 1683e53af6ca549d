import { afterEach, describe, expect, it } from 'vitest';
import { createPkcs11Client, type Pkcs11Client } from './pkcs11-client.ts';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from './softhsm-fixture.ts';

/** Per-operation deadlines on a real module: a short call deadline does not cut key generation or initialisation, which have their own. */

let store: SoftHsmStore;
let client: Pkcs11Client;
afterEach(async () => {
  await client?.close();
  store?.dispose();
});

describe('PKCS#11 call deadlines', () => {
  it('key generation and initialisation have their own deadlines; any other call gets the short one', async () => {
    store = softHsmStore();
    store.initToken({ label: 'deadlines', soPin: '87654321', pin: '111222' });
    client = createPkcs11Client({ modulePath: SOFTHSM_MODULE, env: store.env, deadlineMs: 1, keygenDeadlineMs: 60_000, initDeadlineMs: 60_000 });
    const token = { labelOrSerial: 'deadlines' };
    await expect(client.call('login', { token, user: 'user', pin: '111222' })).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_TIMEOUT', detail: { op: 'login', deadlineMs: 1 } });
    await expect(client.call('generateKeyPair', { token, pin: '111222', keyType: 'rsa2048', id: '01', label: 'k' })).resolves.toMatchObject({ spki: expect.any(Uint8Array) });
    await expect(client.call('initToken', { token, soPin: '87654321', label: 'deadlines' })).resolves.toMatchObject({ label: 'deadlines' });
  }, 60_000);
});
