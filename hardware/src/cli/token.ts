import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DangkyError, errorCodeOf, errorRegistry } from '@dangky/core/errors';
import type { Pkcs11Client } from '../token/pkcs11-client.ts';
import type { TokenSummary } from '@dangky/pkcs11/module';
import type { CliGroup, CliIo } from './main.ts';
import { promptNewPin, promptSecret, type PromptTty } from './pin-prompt.ts';

/**
 * `dangky-hw token list [--module <path>] [--config <file>]` prints the tokens the PKCS#11
 * modules see (label, serial, model, manufacturer, flags), each with the configuration entry it
 * matches — `"problem": "DK_ERR_TOKEN_MODEL_UNKNOWN"` when none does. Without `--module` every
 * module of the site's token configuration (hardware/config/token-modules.json) that is
 * installed here is asked, and the others are listed as not installed.
 *
 * `dangky-hw token issue …` runs the whole issuance on one token and prints JSON: token serial,
 * key type, certificate PEM and the verification result. `--ca builtin` is the built-in CA
 * (state in `--ca-dir`, default `$DANGKY_BUILTIN_CA_DIR` or `.data/builtin-ca`); `--ca vnpt`
 * (viettel, misa, bkav, fpt) a provider simulator, whose CA lives under `<ca-dir>/providers/`.
 * `dangky-hw token unblock …` resets a citizen's PIN with the SO PIN and logs in with the new one.
 *
 * PINs come from files (first line) or, without the file option, from a prompt on the terminal
 * with echo off (a new PIN twice, against the PIN policy); never from arguments, never printed.
 * Without a file and without a terminal: exit 2. Exit 0 done, 2 failed (JSON error on stderr).
 */

const usage = [
  'usage: dangky-hw token list [--module <pkcs11-module.so>] [--config <token-modules.json>]',
  "       dangky-hw token issue [--module <path> | --config <file>] --slot-label <label-or-serial> --name '<full name>' --id <12 digits>",
  "                             --province '<name>' [--pin-file <file>] [--so-pin-file <file>] --ca builtin|<provider> [--key rsa2048|p256] [--ca-dir <dir>]",
  '       dangky-hw token unblock [--module <path> | --config <file>] --slot-label <label-or-serial> [--pin-file <file>] [--so-pin-file <file>]',
  '       (without --pin-file / --so-pin-file the PIN is asked on the terminal, echo off)',
].join('\n');

async function readPin(path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).split(/\r?\n/)[0]!.trim();
  } catch (cause) {
    throw new DangkyError('DK_ERR_VALIDATION', { cause, message: `${what} could not be read` });
  }
}

const ttyOf = (io: CliIo): PromptTty => io.tty ?? { input: process.stdin, output: process.stderr };

/** The citizen's new PIN: from the file, or typed twice on the terminal. */
const newPin = (file: string | undefined, io: CliIo) => (file ? readPin(file, '--pin-file') : promptNewPin(ttyOf(io)));
const soPinOf = (file: string | undefined, io: CliIo) => (file ? readPin(file, '--so-pin-file') : promptSecret('SO PIN: ', ttyOf(io)));

/** One module from the command line, or every installed module of the configuration behind one client. */
async function openModules(options: { module?: string; config?: string }): Promise<Pkcs11Client> {
  const { createPkcs11Client } = await import('../token/pkcs11-client.ts');
  if (options.module) return createPkcs11Client({ modulePath: options.module });
  const { planModules, readTokenConfig } = await import('../token/token-config.ts');
  const { createMultiModuleClient } = await import('../token/multi-module-client.ts');
  const plan = planModules(await readTokenConfig(options.config));
  if (plan.modules.length === 0)
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { message: 'No configured PKCS#11 module is installed here' });
  return createMultiModuleClient(
    plan.modules.map((m) => ({
      id: m.id,
      path: m.path,
      entries: m.entries,
      client: createPkcs11Client({ modulePath: m.path, deadlineMs: m.deadlineMs, keygenDeadlineMs: m.keygenDeadlineMs }),
    })),
  );
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { module: { type: 'string' }, config: { type: 'string' } }, strict: true });
  const { createPkcs11Client } = await import('../token/pkcs11-client.ts');
  const { DEFAULT_TOKEN_CONFIG, matchEntry, planModules, readTokenConfig } = await import('../token/token-config.ts');
  const configPath = values.config ?? DEFAULT_TOKEN_CONFIG;
  // With --module the configuration only names the tokens; a missing or broken one does not stop the listing.
  const config = values.module ? await readTokenConfig(configPath).catch(() => undefined) : await readTokenConfig(configPath);
  const plan = values.module
    ? {
        modules: [
          {
            id: 'cli',
            path: values.module,
            entries: config?.tokens.filter((e) => e.module.includes(values.module!)) ?? config?.tokens ?? [],
          },
        ],
        notInstalled: [],
      }
    : planModules(config!);
  const modules: { id: string; path: string; status: 'loaded' | 'failed' | 'not installed'; code?: string; candidates?: string[] }[] = [];
  const tokens: (TokenSummary & { problem?: string })[] = [];
  for (const m of plan.modules) {
    const client = createPkcs11Client({ modulePath: m.path });
    try {
      for (const t of await client.call('listTokens', {})) {
        const entry = matchEntry(m.entries, t)?.id ?? null;
        tokens.push({ ...t, module: m.id, entry, ...(entry ? {} : { problem: 'DK_ERR_TOKEN_MODEL_UNKNOWN' }) });
      }
      modules.push({ id: m.id, path: m.path, status: 'loaded' });
    } catch (error) {
      modules.push({ id: m.id, path: m.path, status: 'failed', code: errorCodeOf(error) });
    } finally {
      await client.close();
    }
  }
  for (const m of plan.notInstalled) modules.push({ id: m.id, path: m.candidates[0]!, status: 'not installed', candidates: m.candidates });
  io.out(JSON.stringify({ ...(values.module ? { module: values.module } : { config: configPath }), modules, tokens }, null, 2));
  return modules.some((m) => m.status === 'loaded') ? 0 : 2;
}

async function issue(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      module: { type: 'string' },
      config: { type: 'string' },
      'slot-label': { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      province: { type: 'string' },
      'pin-file': { type: 'string' },
      'so-pin-file': { type: 'string' },
      ca: { type: 'string' },
      'ca-dir': { type: 'string' },
      key: { type: 'string', default: 'rsa2048' },
    },
    strict: true,
  });
  const { name, id, province } = values;
  if (!values['slot-label'] || !name || !id || !province || !values.ca || (values.key !== 'rsa2048' && values.key !== 'p256')) {
    io.err(usage);
    return 2;
  }
  const userPin = await newPin(values['pin-file'], io);
  const soPin = await soPinOf(values['so-pin-file'], io);
  const { openCaRegistry } = await import('../ca/ca-registry.ts');
  const { issueToken } = await import('../token/issue.ts');
  const cas = await openCaRegistry({ caDir: resolve(values['ca-dir'] ?? process.env.DANGKY_BUILTIN_CA_DIR ?? '.data/builtin-ca') });
  let client: Pkcs11Client | undefined;
  try {
    const ca = cas.caFor(values.ca);
    client = await openModules(values);
    const started = performance.now();
    const issued = await issueToken({
      client,
      ca,
      token: { labelOrSerial: values['slot-label'] },
      subject: { fullName: name, idNumber: id, province },
      userPin,
      soPin,
      keyType: values.key,
      onProgress: (p) => p.state === 'done' && io.err(`${p.step} ✓ ${Math.round(p.ms ?? 0)} ms`),
    });
    io.out(
      JSON.stringify(
        {
          tokenSerial: issued.tokenSerial,
          keyType: issued.keyType,
          keyId: issued.keyId,
          ca: ca.id,
          certificateSerial: issued.certificateSerial,
          notBefore: issued.notBefore.toISOString(),
          notAfter: issued.notAfter.toISOString(),
          certificatePem: issued.certificatePem,
          caCertificatePem: await ca.caCertificatePem(),
          verification: issued.verification,
          ms: Math.round(performance.now() - started),
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await Promise.all([client?.close(), cas.close()]);
  }
}

async function unblock(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      module: { type: 'string' },
      config: { type: 'string' },
      'slot-label': { type: 'string' },
      'pin-file': { type: 'string' },
      'so-pin-file': { type: 'string' },
    },
    strict: true,
  });
  if (!values['slot-label']) {
    io.err(usage);
    return 2;
  }
  const soPin = await soPinOf(values['so-pin-file'], io);
  const userPin = await newPin(values['pin-file'], io);
  const client = await openModules(values);
  try {
    const token = { labelOrSerial: values['slot-label'] };
    await client.call('initPin', { token, soPin, userPin });
    await client.call('login', { token, user: 'user', pin: userPin });
    io.out(JSON.stringify({ unblocked: true, token: values['slot-label'], verified: true }, null, 2));
    return 0;
  } finally {
    await client.close();
  }
}

export const run: CliGroup = async (args, io) => {
  const [command, ...rest] = args;
  try {
    if (command === 'list') return await list(rest, io);
    if (command === 'issue') return await issue(rest, io);
    if (command === 'unblock') return await unblock(rest, io);
    io.err(usage);
    return 2;
  } catch (error) {
    const code = errorCodeOf(error);
    const detail = error instanceof DangkyError ? error.detail : undefined;
    const message = error instanceof DangkyError && error.message && error.message !== code ? error.message : errorRegistry[code].en;
    io.err(JSON.stringify({ error: { code, message, vi: errorRegistry[code].vi, ...(detail ? { detail } : {}) } }));
    return 2;
  }
};
