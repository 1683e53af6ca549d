import { afterEach, describe, expect, it } from 'vitest';
import { createPkcs11Client, type Pkcs11Client } from './pkcs11-client.ts';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';

/** Per-operation deadlines on a real module: a short call deadline does not cut key generation or initialisation, which have their own. */

let stores: SoftHsmStore[] = [];
let clients: Pkcs11Client[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const s of stores) s.dispose();
  stores = [];
  clients = [];
});

/** A token in a store of its own, and a client whose ordinary calls get 1 ms. */
function tokenWithShortDeadline(label: string): Pkcs11Client {
  const store = softHsmStore();
  store.initToken({ label, soPin: '87654321', pin: '111222' });
  stores.push(store);
  const client = createPkcs11Client({
    modulePath: SOFTHSM_MODULE,
    env: store.env,
    deadlineMs: 1,
    keygenDeadlineMs: 60_000,
    initDeadlineMs: 60_000,
  });
  clients.push(client);
  return client;
}

describe('PKCS#11 call deadlines', () => {
  it('key generation and initialisation have their own deadlines; any other call gets the short one', async () => {
    // Two stores: the call cut at 1 ms kills its worker, and a worker killed while the module
    // writes its files may leave that store unreadable (under load it did). The calls that must
    // succeed run against a store no kill has touched. The cut call changes the PIN: it derives a
    // key and rewrites the token's files (3 ms or more on an idle machine), so it cannot beat the
    // 1 ms deadline — a bare login sometimes answered inside 1 ms on an idle machine.
    const cut = tokenWithShortDeadline('cut');
    await expect(
      cut.call('setPin', { token: { labelOrSerial: 'cut' }, user: 'user', oldPin: '111222', newPin: '222333' }),
    ).rejects.toMatchObject({
      code: 'DK_ERR_TOKEN_TIMEOUT',
      detail: { op: 'setPin', deadlineMs: 1 },
    });
    const client = tokenWithShortDeadline('deadlines');
    const token = { labelOrSerial: 'deadlines' };
    await expect(client.call('generateKeyPair', { token, pin: '111222', keyType: 'rsa2048', id: '01', label: 'k' })).resolves.toMatchObject(
      { spki: expect.any(Uint8Array) },
    );
    await expect(client.call('initToken', { token, soPin: '87654321', label: 'deadlines' })).resolves.toMatchObject({ label: 'deadlines' });
  }, 60_000);
});
