import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { tokenIssueStep, type TokenIssueStep } from '@dangky/core/agent';
import { errorCodeOf } from '@dangky/core/errors';
import type { Pkcs11Client } from '../token/pkcs11-client.ts';
import { errorFromWire } from '../token/pkcs11-errors.ts';
import type { TokenSelector, TokenSummary } from '@dangky/pkcs11/module';

/**
 * The demo's "USB token": a file-backed SoftHSM2 store under the agent's data dir, with its own
 * SOFTHSM2_CONF. `stockBlankToken` makes sure one blank token is in it — initialised with the
 * site's SO PIN and no citizen PIN, like a token from the provider's stock — by initialising
 * SoftHSM's spare slot when none is left (an earlier demo issued the last one).
 */

export const DEMO_TOKEN_LABEL = 'DEMO-TOKEN';

/**
 * Creates `<dir>/softhsm2.conf` and `<dir>/tokens/`; returns the environment the PKCS#11 worker
 * needs and the simulator's control file (`<dir>/control.jsonl`, see `simulateToken`).
 */
export async function prepareSimulatedTokenStore(dir: string): Promise<{ conf: string; env: NodeJS.ProcessEnv; control: string }> {
  await mkdir(join(dir, 'tokens'), { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  if (!existsSync(conf))
    await writeFile(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  return { conf, env: { ...process.env, SOFTHSM2_CONF: conf }, control: join(dir, TOKEN_SIM_CONTROL_FILE) };
}

/** Initialises the spare slot as a blank stock token unless a blank initialised one is already there. */
export async function stockBlankToken(client: Pkcs11Client, soPin: string): Promise<void> {
  const tokens = await client.call('listTokens', {});
  if (tokens.some((t) => t.flags.initialized && !t.flags.userPinInitialized)) return;
  const spare = tokens.find((t) => !t.flags.initialized);
  if (!spare) return;
  const issued = tokens.filter((t) => t.flags.initialized).length;
  await client.call('initToken', {
    token: { slotId: spare.slotId },
    soPin,
    label: issued === 0 ? DEMO_TOKEN_LABEL : `${DEMO_TOKEN_LABEL}-${issued + 1}`,
  });
}

/**
 * Fault injection for the simulated token only (the agent wires it with `--simulate-token`,
 * never for a real module): a JSON line appended to `<store>/control.jsonl` is a command, read
 * at the next slot poll, so the end-to-end tests and the demo can do to the SoftHSM token what a
 * citizen or a clerk does to a USB one:
 *
 *   {"cmd":"pull"}                      the token is pulled out now
 *   {"cmd":"pull","atStep":"generate-key"}  pulled out when an issuance reaches that step
 *   {"cmd":"insert"}                    put back in
 *   {"cmd":"wrong-pin","times":3}       someone typed a wrong PIN that many times (real C_Login
 *                                       calls) on the token `serial` (default: the first issued
 *                                       one); at `maxPinTries` the PIN is blocked
 *   {"cmd":"stock"}                     a blank token from stock, when none is in
 *
 * After playing, the simulator writes how far it has read to `<control>.done` (bytes), so a test
 * knows its command took effect before it goes on.
 *
 * A pulled token disappears from the slot list and every call on it fails the way a module
 * fails for a removed device (CKR_DEVICE_REMOVED → DK_ERR_TOKEN_NOT_PRESENT). SoftHSM keeps no
 * retry counter, so the block is played here: the slot reports `userPinLocked` and a login or
 * signature with the user PIN fails with CKR_PIN_LOCKED until the SO resets the PIN (C_InitPIN)
 * or the token is initialised again — what a real token does.
 */
export const tokenSimCommand = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('pull'), atStep: tokenIssueStep.optional() }),
  z.object({ cmd: z.literal('insert') }),
  z.object({ cmd: z.literal('wrong-pin'), times: z.number().int().min(1).max(20), serial: z.string().max(16).optional() }),
  z.object({ cmd: z.literal('stock') }),
]);
export type TokenSimCommand = z.infer<typeof tokenSimCommand>;

export const TOKEN_SIM_CONTROL_FILE = 'control.jsonl';
/** Wrong user PINs before the simulated token blocks it (real tokens: 3 to 10, by model). */
export const SIM_MAX_PIN_TRIES = 3;
/** A PIN the policy never allows, so it cannot be any citizen's. */
const WRONG_PIN = '000000';

export interface SimulatedToken {
  /** The module as the agent sees it: pulled tokens hidden, blocked PINs refused. */
  client: Pkcs11Client;
  /** Reads the commands appended since the last call and plays them. */
  sync(): Promise<void>;
  /** The issuance reached `step` on the token `serial` (a `pull` armed for that step fires now). */
  onStep(step: TokenIssueStep, serial: string): void;
}

const failure = (ckr: string, op: string) => errorFromWire({ ckr, message: `${ckr} (simulated)` }, op);

export function simulateToken(options: {
  client: Pkcs11Client;
  controlFile: string;
  /** The SO PIN for a token of this model (the site's secret store). */
  soPinFor: (token: TokenSummary) => Promise<string>;
  maxPinTries?: number;
}): SimulatedToken {
  const { client: inner, controlFile } = options;
  const maxTries = options.maxPinTries ?? SIM_MAX_PIN_TRIES;
  const pulled = new Set<string>();
  const locked = new Set<string>();
  const wrongTries = new Map<string, number>();
  let armed: TokenIssueStep | null = null;
  let offset = 0;
  // Slot ids change when SoftHSM initialises a token; serials do not. Kept from the last listing.
  let serialOfSlot = new Map<string, string>();

  const serialOf = (token: TokenSelector | undefined): string | undefined =>
    token?.labelOrSerial !== undefined ? token.labelOrSerial : token?.slotId !== undefined ? serialOfSlot.get(token.slotId) : undefined;
  const listAll = async (): Promise<TokenSummary[]> => {
    const tokens = await inner.call('listTokens', {});
    serialOfSlot = new Map(tokens.map((t) => [t.slotId, t.serial]));
    return tokens;
  };

  const client: Pkcs11Client = {
    async call(op, params, callOptions) {
      if (op === 'listTokens') {
        // The listing shows the tokens as they were when it was asked for: a command played
        // while the module answers (a token put back) must not show a token in a state it
        // never had in one listing (back in, but not yet erased by the device's next poll).
        const [out, blocked] = [new Set(pulled), new Set(locked)];
        const tokens = await listAll();
        return tokens
          .filter((t) => !out.has(t.serial))
          .map((t) => (blocked.has(t.serial) ? { ...t, flags: { ...t.flags, userPinLocked: true } } : t)) as never;
      }
      const p = params as { token?: TokenSelector; user?: string; pin?: string };
      const serial = serialOf(p.token);
      if (serial !== undefined && pulled.has(serial)) throw failure('CKR_DEVICE_REMOVED', op);
      const withUserPin =
        (op === 'login' && p.user === 'user') || ['generateKeyPair', 'sign', 'writeCertificate', 'destroyObjects'].includes(op);
      if (serial !== undefined && locked.has(serial) && withUserPin) throw failure('CKR_PIN_LOCKED', op);
      const result = await inner.call(op, params, callOptions);
      // The SO reset the user PIN, or erased the token: the block is gone.
      if (serial !== undefined && (op === 'initPin' || op === 'initToken')) {
        locked.delete(serial);
        wrongTries.delete(serial);
      }
      return result;
    },
    close: () => inner.close(),
  };

  const wrongPin = async (times: number, serial: string | undefined) => {
    const target = (await listAll()).find(
      (t) => t.flags.userPinInitialized && !pulled.has(t.serial) && (serial === undefined || t.serial === serial),
    );
    if (!target) return;
    for (let i = 0; i < times && !locked.has(target.serial); i++) {
      const refused = await inner.call('login', { token: { labelOrSerial: target.serial }, user: 'user', pin: WRONG_PIN }).then(
        () => false,
        () => true,
      );
      if (!refused) return;
      const tries = (wrongTries.get(target.serial) ?? 0) + 1;
      wrongTries.set(target.serial, tries);
      if (tries >= maxTries) locked.add(target.serial);
    }
  };

  const play = async (command: TokenSimCommand) => {
    switch (command.cmd) {
      case 'pull':
        if (command.atStep) armed = command.atStep;
        else for (const t of await listAll()) if (t.flags.initialized) pulled.add(t.serial);
        return;
      case 'insert':
        pulled.clear();
        armed = null;
        return;
      case 'wrong-pin':
        return wrongPin(command.times, command.serial);
      case 'stock': {
        const spare = (await listAll()).find((t) => !t.flags.initialized);
        return spare ? stockBlankToken(inner, await options.soPinFor(spare)) : undefined;
      }
    }
  };

  return {
    client,
    async sync() {
      let text: string;
      try {
        text = await readFile(controlFile, 'utf8');
      } catch {
        return; // no command yet
      }
      const fresh = text.slice(offset);
      const end = fresh.lastIndexOf('\n');
      if (end < 0) return; // a line still being written
      offset += end + 1;
      for (const line of fresh.slice(0, end).split('\n')) {
        if (!line.trim()) continue;
        let parsed: ReturnType<typeof tokenSimCommand.safeParse>;
        try {
          parsed = tokenSimCommand.safeParse(JSON.parse(line));
        } catch {
          parsed = tokenSimCommand.safeParse(null);
        }
        if (!parsed.success) {
          process.stderr.write(`token simulator: ignored control line (not a command)\n`);
          continue;
        }
        await play(parsed.data).catch((error: unknown) =>
          process.stderr.write(`token simulator: ${parsed.data.cmd} failed (${errorCodeOf(error)})\n`),
        );
      }
      await writeFile(`${controlFile}.done`, String(offset));
    },
    onStep(step, serial) {
      if (armed !== step) return;
      armed = null;
      pulled.add(serial);
    },
  };
}
