import { describe, expect, it } from 'vitest';
import type { AgentNotification } from '@dangky/core/agent';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import type { Pkcs11Client } from '../token/pkcs11-client.ts';
import type { TokenSummary } from '@dangky/pkcs11/module';
import { createTokenDevice } from './token-device.ts';

/**
 * A token the station cannot issue on (a model its configuration does not know) is pushed with
 * its problem, so the counter says so before the citizen types a PIN; a known one carries none.
 */
const flags = {
  initialized: true,
  userPinInitialized: false,
  loginRequired: true,
  writeProtected: false,
  userPinLocked: false,
  userPinCountLow: false,
  soPinLocked: false,
  protectedAuthenticationPath: false,
};
const tokens: TokenSummary[] = [
  { slotId: '1', label: 'stock', serial: 'aaaa000000000001', model: 'ePass2003', manufacturer: 'EnterSafe', flags },
  { slotId: '2', label: 'stock', serial: 'bbbb000000000002', model: 'Mystery 9', manufacturer: 'Nobody Ltd', flags },
];
const client = {
  call: async (op: string) => (op === 'listTokens' ? tokens : Promise.reject(new Error(`unexpected ${op}`))),
  close: async () => undefined,
} as unknown as Pkcs11Client;

describe('token slots with a problem', () => {
  it('pushes DK_ERR_TOKEN_MODEL_UNKNOWN on the token whose model is unknown, and nothing on the known one', async () => {
    const device = createTokenDevice({
      client,
      ca: {} as CaAdapter,
      readSoPin: async () => 'never-read',
      simulated: false,
      pollMs: 10,
      problemOf: (slot) => (slot.manufacturer === 'EnterSafe' ? null : 'DK_ERR_TOKEN_MODEL_UNKNOWN'),
    });
    const pushed = await new Promise<AgentNotification>((resolve) =>
      device.onNotification?.((n) => n.type === 'token.slots' && resolve(n)),
    );
    await device.close();
    expect(pushed).toMatchObject({
      type: 'token.slots',
      slots: [
        { serial: 'aaaa000000000001', model: 'ePass2003' },
        { serial: 'bbbb000000000002', problem: 'DK_ERR_TOKEN_MODEL_UNKNOWN' },
      ],
    });
    expect((pushed as { slots: { problem?: string }[] }).slots[0]).not.toHaveProperty('problem');
  });
});
