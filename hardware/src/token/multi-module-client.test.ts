import { afterEach, describe, expect, it } from 'vitest';
import { createMultiModuleClient, type MultiModuleClient } from './multi-module-client.ts';
import { createPkcs11Client } from './pkcs11-client.ts';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';
import type { TokenModuleEntry } from './token-config.ts';

/**
 * Several modules as one client, on real workers: slot ids carry the module, a token two
 * modules drive is listed once (from the first), a label or serial is routed to its module,
 * and a module that cannot load does not hide the others' tokens.
 */

const softhsm: TokenModuleEntry = {
  id: 'softhsm2',
  vendor: 'SoftHSM',
  model: 'v2',
  module: [SOFTHSM_MODULE],
  match: { manufacturerId: ['SoftHSM project'] },
  soPinSecret: 's',
};
let store: SoftHsmStore;
let client: MultiModuleClient;
afterEach(async () => {
  await client?.close();
  store?.dispose();
});

describe('multi-module client', () => {
  it('lists across modules once per token, routes by slot id and by serial, survives a module that cannot load', async () => {
    store = softHsmStore();
    store.initToken({ label: 'multi-1', soPin: '87654321', pin: '111222' });
    const worker = (modulePath: string) => createPkcs11Client({ modulePath, env: store.env });
    client = createMultiModuleClient([
      { id: 'broken', path: '/nonexistent/libvendor.so', entries: [], client: worker('/nonexistent/libvendor.so') },
      { id: 'softhsm2', path: SOFTHSM_MODULE, entries: [softhsm], client: worker(SOFTHSM_MODULE) },
      // The same tokens through a second module (as when OpenSC and a vendor module both drive a token).
      { id: 'again', path: SOFTHSM_MODULE, entries: [], client: worker(SOFTHSM_MODULE) },
    ]);
    const tokens = await client.call('listTokens', {});
    const [broken] = client.states();
    expect(broken).toMatchObject({ id: 'broken', errorCode: 'DK_ERR_TOKEN_MODULE_LOAD', retryAt: expect.any(Number) });
    // Not forked again at the next poll: the same back-off stands.
    await client.call('listTokens', {});
    expect(client.states()[0]!.retryAt).toBe(broken!.retryAt);
    const token = tokens.find((t) => t.label === 'multi-1')!;
    expect(tokens.filter((t) => t.label === 'multi-1')).toHaveLength(1);
    expect(token).toMatchObject({ module: 'softhsm2', entry: 'softhsm2' });
    expect(token.slotId).toMatch(/^01[0-9a-f]+$/);
    expect(client.entryFor(token)?.id).toBe('softhsm2');
    // The spare slot SoftHSM always shows has no serial: listed by each module, unknown to the second.
    expect(tokens.filter((t) => !t.flags.initialized).map((t) => [t.module, t.entry])).toEqual([
      ['softhsm2', 'softhsm2'],
      ['again', null],
    ]);

    await expect(client.call('login', { token: { slotId: token.slotId }, user: 'user', pin: '111222' })).resolves.toBeNull();
    await expect(client.call('login', { token: { labelOrSerial: token.serial }, user: 'user', pin: '111222' })).resolves.toBeNull();
    const reinitialised = await client.call('initToken', { token: { labelOrSerial: token.serial }, soPin: '87654321', label: 'multi-1b' });
    expect(reinitialised).toMatchObject({ label: 'multi-1b', module: 'softhsm2', slotId: expect.stringMatching(/^01/) });
    await expect(
      client.call('login', { token: { slotId: '05' + token.slotId.slice(2) }, user: 'user', pin: '111222' }),
    ).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_NOT_FOUND' });
    await expect(client.call('login', { token: { labelOrSerial: 'no-such-token' }, user: 'user', pin: '111222' })).rejects.toMatchObject({
      code: 'DK_ERR_TOKEN_NOT_FOUND',
    });
  }, 60_000);
});
