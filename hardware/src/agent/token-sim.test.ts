import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSlot } from '@dangky/core/agent';
import { openBuiltinCa } from '../ca/builtin-ca.ts';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import { createPkcs11Client, type Pkcs11Client } from '../token/pkcs11-client.ts';
import { SOFTHSM_MODULE } from '@dangky/pkcs11/softhsm';
import { until } from './test-helpers.ts';
import { createTokenDevice, type TokenDevice } from './token-device.ts';
import { prepareSimulatedTokenStore, SIM_MAX_PIN_TRIES, stockBlankToken, type TokenSimCommand } from './token-sim.ts';

/**
 * The simulated token's fault control on a real SoftHSM2 store, through the token device as the
 * agent runs it: a token pulled out at a named step fails that step the way a removed device
 * does and is not wiped; put back, it is erased and can be issued again; wrong PINs block it
 * (SoftHSM has no counter of its own) until the SO unblocks it.
 */

const SO_PIN = 'so-pin-for-sim-tests';
const CANARY = '48291537';
const subject = { fullName: 'Nguyễn Thị Ánh Tuyết', idNumber: '079199012345', province: 'Thành phố Hồ Chí Minh' };
let dir: string;
let control: string;
let client: Pkcs11Client;
let ca: CaAdapter;
let device: TokenDevice;

const command = (c: TokenSimCommand | string) => appendFileSync(control, `${typeof c === 'string' ? c : JSON.stringify(c)}\n`);
/** Resolves once the simulator has played every command written so far (it records how far it read). */
const commandsPlayed = () => {
  const size = statSync(control).size;
  return until(() => existsSync(`${control}.done`) && Number(readFileSync(`${control}.done`, 'utf8')) === size, 10_000);
};
/** The slot list once the device's poll has played the commands (polls every 25 ms here). */
async function slotsWhen(check: (slots: TokenSlot[]) => boolean, timeoutMs = 10_000): Promise<TokenSlot[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const slots = await device.list();
    if (check(slots)) return slots;
    if (Date.now() > deadline) throw new Error(`slots never matched: ${JSON.stringify(slots)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-token-sim-'));
  const store = await prepareSimulatedTokenStore(join(dir, 'store'));
  control = store.control;
  client = createPkcs11Client({ modulePath: SOFTHSM_MODULE, env: store.env });
  await stockBlankToken(client, SO_PIN);
  ca = await openBuiltinCa({ dir: join(dir, 'ca') });
  device = createTokenDevice({
    client,
    ca,
    readSoPin: async () => SO_PIN,
    simulated: true,
    initialisedOnly: true,
    pollMs: 25,
    simulation: { controlFile: control },
  });
}, 60_000);

afterAll(async () => {
  await device?.close();
  await Promise.all([client?.close(), ca?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('simulated token faults', () => {
  it('exists only for the simulated token', () => {
    expect(() =>
      createTokenDevice({ client, ca, readSoPin: async () => SO_PIN, simulated: false, simulation: { controlFile: control } }),
    ).toThrow(/simulated/);
  });

  it('pulls the token out at the named step: that step fails with DK_ERR_TOKEN_NOT_PRESENT, the token is not wiped and leaves the slot list', async () => {
    const [blank] = await slotsWhen((s) => s.length === 1);
    command('not json');
    command({ cmd: 'pull', atStep: 'generate-key' });
    await commandsPlayed();
    const result = await device.issue({ slotId: blank!.slotId, tokenSerial: blank!.serial, ...subject, keyType: 'p256', userPin: CANARY });
    expect(result).toEqual({
      issued: false,
      code: 'DK_ERR_TOKEN_NOT_PRESENT',
      step: 'generate-key',
      wiped: false,
      certificateRevoked: null,
    });
    expect(await device.list()).toEqual([]);
  }, 30_000);

  it('erases it when it is put back, so the same token issues again', async () => {
    command({ cmd: 'insert' });
    const [back] = await slotsWhen((s) => s.length === 1);
    // The citizen PIN set before the pull is gone: a blank token again.
    expect(back).toMatchObject({ userPinInitialized: false, userPinLocked: false });
    const result = await device.issue({ slotId: back!.slotId, tokenSerial: back!.serial, ...subject, keyType: 'p256', userPin: CANARY });
    expect(result).toMatchObject({ issued: true, tokenSerial: back!.serial });
  }, 30_000);

  it('blocks the PIN after wrong entries (real failed logins), and the SO unblock clears it', async () => {
    command({ cmd: 'wrong-pin', times: SIM_MAX_PIN_TRIES - 1, serial: 'ffffffffffffffff' });
    command({ cmd: 'wrong-pin', times: SIM_MAX_PIN_TRIES - 1 });
    await commandsPlayed();
    expect((await device.list())[0]!.userPinLocked).toBe(false);
    command({ cmd: 'wrong-pin', times: 1 });
    const [locked] = await slotsWhen((s) => s[0]?.userPinLocked === true);
    await expect(device.unblock({ slotId: locked!.slotId, tokenSerial: locked!.serial, newUserPin: '60419283' })).resolves.toMatchObject({
      unblocked: true,
      verified: true,
    });
    const [after] = await slotsWhen((s) => s.length === 1);
    expect(after!.userPinLocked).toBe(false);
  }, 30_000);

  it('stocks a blank token from the spare slot when asked', async () => {
    command({ cmd: 'stock' });
    const slots = await slotsWhen((s) => s.length === 2);
    expect(slots.filter((s) => !s.userPinInitialized)).toHaveLength(1);
  }, 30_000);
});
