import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';

/**
 * The site's token configuration: one entry per token vendor/model, saying which PKCS#11
 * module drives it (candidate paths; the first that exists on this machine is used), how to
 * recognise its tokens from CK_TOKEN_INFO (manufacturerID and model, exact after trimming;
 * any listed value matches), the name of its SO PIN in the site's secret store, and how long
 * its slow operations may take. Real tokens generate RSA-2048 keys in tens of seconds, so the
 * key-generation deadline is per model. An entry whose module is absent is reported as
 * "not installed here", never an error: a counter has the drivers of the tokens it stocks.
 *
 * Default file: hardware/config/token-modules.json; `--token-config <file>` or
 * `DANGKY_TOKEN_CONFIG` name another.
 */

export const DEFAULT_TOKEN_CONFIG =
  process.env.DANGKY_TOKEN_CONFIG ?? fileURLToPath(new URL('../../config/token-modules.json', import.meta.url));

const entryId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,31}$/);
const infoValues = z.array(z.string().min(1).max(32)).min(1);

export const tokenModuleEntry = z.strictObject({
  id: entryId,
  vendor: z.string().min(1).max(80),
  model: z.string().min(1).max(160),
  /** Candidate paths of the vendor's PKCS#11 module, in order. */
  module: z.array(z.string().min(1)).min(1),
  /** CK_TOKEN_INFO rules; an absent field matches anything, but one must be given. */
  match: z
    .strictObject({ manufacturerId: infoValues.optional(), model: z.array(z.string().min(1).max(16)).min(1).optional() })
    .refine((m) => m.manufacturerId !== undefined || m.model !== undefined, 'match needs manufacturerId or model'),
  /** The SO PIN's name in the site's secret store (a file of that name in the secrets directory). */
  soPinSecret: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  /** Deadline of one key generation on this model, ms. Default 120,000. */
  keygenDeadlineMs: z.number().int().min(1_000).max(600_000).optional(),
  /** Deadline of any other call, ms. Default 15,000. */
  callDeadlineMs: z.number().int().min(500).max(120_000).optional(),
  note: z.string().max(400).optional(),
});
export type TokenModuleEntry = z.infer<typeof tokenModuleEntry>;

export const tokenModuleConfig = z.strictObject({
  tokens: z
    .array(tokenModuleEntry)
    .min(1)
    .refine((entries) => new Set(entries.map((e) => e.id)).size === entries.length, 'entry ids must be unique'),
});
export type TokenModuleConfig = z.infer<typeof tokenModuleConfig>;

export async function readTokenConfig(path = DEFAULT_TOKEN_CONFIG): Promise<TokenModuleConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { cause, message: `The token configuration ${path} could not be read` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { cause, message: `The token configuration ${path} is not JSON` });
  }
  const parsed = tokenModuleConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', {
      message: `The token configuration ${path} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return parsed.data;
}

/** One module to load: its path, the entries it drives (config order) and its deadlines. */
export interface ModulePlan {
  /** The first entry's id: names the module in listings. */
  id: string;
  path: string;
  entries: TokenModuleEntry[];
  deadlineMs: number;
  keygenDeadlineMs: number;
}

export interface ModulesPlan {
  modules: ModulePlan[];
  /** Entries whose module is not on this machine. */
  notInstalled: { id: string; candidates: string[] }[];
}

/** Groups the entries by the module path that exists here; entries sharing a module share one worker, with the longest deadlines among them. */
export function planModules(config: TokenModuleConfig, exists: (path: string) => boolean = existsSync): ModulesPlan {
  const modules: ModulePlan[] = [];
  const notInstalled: ModulesPlan['notInstalled'] = [];
  for (const entry of config.tokens) {
    const path = entry.module.find((candidate) => exists(candidate));
    if (!path) {
      notInstalled.push({ id: entry.id, candidates: entry.module });
      continue;
    }
    const deadlineMs = entry.callDeadlineMs ?? 15_000;
    const keygenDeadlineMs = entry.keygenDeadlineMs ?? 120_000;
    const known = modules.find((m) => m.path === path);
    if (known) {
      known.entries.push(entry);
      known.deadlineMs = Math.max(known.deadlineMs, deadlineMs);
      known.keygenDeadlineMs = Math.max(known.keygenDeadlineMs, keygenDeadlineMs);
    } else modules.push({ id: entry.id, path, entries: [entry], deadlineMs, keygenDeadlineMs });
  }
  return { modules, notInstalled };
}

/** The entry for a token the module reports (CK_TOKEN_INFO manufacturerID and model, trimmed), or undefined. */
export function matchEntry(
  entries: readonly TokenModuleEntry[],
  token: { manufacturer: string; model: string },
): TokenModuleEntry | undefined {
  return entries.find(
    (e) =>
      (e.match.manufacturerId === undefined || e.match.manufacturerId.includes(token.manufacturer.trim())) &&
      (e.match.model === undefined || e.match.model.includes(token.model.trim())),
  );
}
