import { debuglog } from 'node:util';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import type { Pkcs11Client } from './pkcs11-client.ts';
import type { TokenSelector, TokenSummary } from '@dangky/pkcs11/module';
import { matchEntry, type TokenModuleEntry } from './token-config.ts';

/**
 * Several vendors' PKCS#11 modules as one Pkcs11Client, so the token slot serves whichever
 * token the clerk inserts. Each module keeps its own worker (one crashing module does not
 * hide the others' tokens). Slot ids are made unique by a two-hex-digit module index in
 * front of the module's own (`01` + `0000000000000002`); a label or serial is looked up in
 * the modules in configuration order. A token one module lists under the same manufacturer,
 * model and serial as an earlier module (a token that both OpenSC and its vendor's module
 * drive) is listed once, from the earlier module. Every listed token says its module and the
 * configuration entry it matches by CK_TOKEN_INFO — `null` for a model no entry knows. A module
 * that cannot be loaded (a broken or incompatible .so) is left alone for `retryLoadMs` rather than
 * forked again at every slot poll.
 */

const log = debuglog('hardware:token');

export interface ModuleClient {
  /** Names the module in listings (the configuration entry id, or `cli` for a module given on the command line). */
  id: string;
  path: string;
  client: Pkcs11Client;
  /** Entries for tokens of this module, in configuration order. */
  entries: TokenModuleEntry[];
}

export interface ModuleState {
  id: string;
  path: string;
  /** The code of the module's last failure, null when it last answered. */
  errorCode: string | null;
  /** While set (epoch ms), the module is not asked (it failed to load). */
  retryAt: number | null;
}

export interface MultiModuleClient extends Pkcs11Client {
  readonly modules: readonly ModuleClient[];
  /** Per module: last failure and load back-off. */
  states(): ModuleState[];
  /** The configuration entry of a token this client listed (by its slot id and CK_TOKEN_INFO), or undefined for an unknown model. */
  entryFor(token: { slotId: string; manufacturer: string; model: string }): TokenModuleEntry | undefined;
}

const prefix = (index: number) => index.toString(16).padStart(2, '0');

export function createMultiModuleClient(
  modules: readonly ModuleClient[],
  options: { retryLoadMs?: number; now?: () => number } = {},
): MultiModuleClient {
  if (modules.length === 0 || modules.length > 255)
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { message: 'No PKCS#11 module to load' });
  const retryLoadMs = options.retryLoadMs ?? 30_000;
  const now = options.now ?? Date.now;
  const states: ModuleState[] = modules.map((m) => ({ id: m.id, path: m.path, errorCode: null, retryAt: null }));
  const resting = (index: number) => states[index]!.retryAt !== null && now() < states[index]!.retryAt!;
  /** One call to one module, remembering how it went. */
  const ask = async <T>(index: number, work: () => Promise<T>): Promise<T> => {
    if (resting(index))
      throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { detail: { module: modules[index]!.id, retryAt: states[index]!.retryAt } });
    try {
      const result = await work();
      Object.assign(states[index]!, { errorCode: null, retryAt: null });
      return result;
    } catch (error) {
      const code = errorCodeOf(error);
      Object.assign(states[index]!, { errorCode: code, retryAt: code === 'DK_ERR_TOKEN_MODULE_LOAD' ? now() + retryLoadMs : null });
      throw error;
    }
  };

  const annotate = (index: number, t: TokenSummary): TokenSummary => ({
    ...t,
    slotId: prefix(index) + t.slotId,
    module: modules[index]!.id,
    entry: matchEntry(modules[index]!.entries, t)?.id ?? null,
  });

  const moduleOfSlot = (slotId: string): { index: number; inner: string } => {
    const index = Number.parseInt(slotId.slice(0, 2), 16);
    if (!/^[0-9a-f]{3,}$/.test(slotId) || !modules[index])
      throw new DangkyError('DK_ERR_TOKEN_NOT_FOUND', { message: 'No module lists this slot' });
    return { index, inner: slotId.slice(2) };
  };

  const listAll = async (): Promise<TokenSummary[]> => {
    const lists = await Promise.allSettled(modules.map((m, index) => ask(index, () => m.client.call('listTokens', {}))));
    if (lists.every((l) => l.status === 'rejected')) throw (lists[0] as PromiseRejectedResult).reason;
    const seen = new Set<string>();
    const tokens: TokenSummary[] = [];
    lists.forEach((list, index) => {
      if (list.status === 'rejected') {
        log('module %s could not list its tokens: %s', modules[index]!.id, errorCodeOf(list.reason));
        return;
      }
      for (const t of list.value) {
        const key = JSON.stringify([t.manufacturer, t.model, t.serial]);
        if (t.serial && seen.has(key)) continue;
        if (t.serial) seen.add(key);
        tokens.push(annotate(index, t));
      }
    });
    return tokens;
  };

  /** The module that holds the selected token and the selector in its own terms. */
  const route = async (token: TokenSelector): Promise<{ index: number; token: TokenSelector }> => {
    if (token.slotId !== undefined) {
      const { index, inner } = moduleOfSlot(token.slotId);
      return { index, token: { slotId: inner } };
    }
    for (const [index, m] of modules.entries()) {
      const tokens = await ask(index, () => m.client.call('listTokens', {})).catch(() => []);
      if (tokens.some((t) => t.label === token.labelOrSerial || t.serial === token.labelOrSerial)) return { index, token };
    }
    throw new DangkyError('DK_ERR_TOKEN_NOT_FOUND', { message: 'No token matches the selector' });
  };

  return {
    modules,
    states: () => states.map((state) => ({ ...state })),
    entryFor(token) {
      const { index } = moduleOfSlot(token.slotId);
      return matchEntry(modules[index]!.entries, token);
    },
    async call(op, params, options) {
      if (op === 'listTokens') return (await listAll()) as never;
      const { index, token } = await route((params as { token: TokenSelector }).token);
      const result = await ask(index, () => modules[index]!.client.call(op, { ...(params as object), token } as never, options));
      return (op === 'initToken' ? annotate(index, result as TokenSummary) : result) as never;
    },
    async close() {
      await Promise.all(modules.map((m) => m.client.close()));
    },
  };
}
