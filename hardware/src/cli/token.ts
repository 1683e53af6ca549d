import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DangkyError, errorCodeOf, errorRegistry } from '@dangky/core/errors';
import type { CliGroup } from './main.ts';

/**
 * `dangky-hw token list --module <path>` prints the tokens a PKCS#11 module sees (label,
 * serial, model, manufacturer, flags). `dangky-hw token issue …` runs the whole issuance on one
 * token with the built-in CA and prints JSON: token serial, key type, certificate PEM and the
 * verification result. PINs come from files only (first line), never from arguments, and
 * are never printed. The built-in CA keeps its state in `--ca-dir` (default
 * `$DANGKY_BUILTIN_CA_DIR` or `.data/builtin-ca`). Exit 0 done, 2 failed (JSON error on stderr).
 */

const usage = [
  'usage: dangky-hw token list --module <pkcs11-module.so>',
  "       dangky-hw token issue --module <path> --slot-label <label-or-serial> --name '<full name>' --id <12 digits>",
  "                             --province '<name>' --pin-file <file> --so-pin-file <file> --ca builtin [--key rsa2048|p256] [--ca-dir <dir>]",
].join('\n');

async function readPin(path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).split(/\r?\n/)[0]!.trim();
  } catch (cause) {
    throw new DangkyError('DK_ERR_VALIDATION', { cause, message: `${what} could not be read` });
  }
}

async function list(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({ args, options: { module: { type: 'string' } }, strict: true });
  if (!values.module) {
    io.err(usage);
    return 2;
  }
  const { createPkcs11Client } = await import('../token/pkcs11-client.ts');
  const client = createPkcs11Client({ modulePath: values.module });
  try {
    io.out(JSON.stringify({ module: values.module, tokens: await client.call('listTokens', {}) }, null, 2));
    return 0;
  } finally {
    await client.close();
  }
}

async function issue(args: string[], io: Parameters<CliGroup>[1]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      module: { type: 'string' },
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
  const { module: modulePath, name, id, province } = values;
  if (!modulePath || !values['slot-label'] || !name || !id || !province || !values['pin-file'] || !values['so-pin-file'] || values.ca !== 'builtin' || (values.key !== 'rsa2048' && values.key !== 'p256')) {
    io.err(usage);
    return 2;
  }
  const userPin = await readPin(values['pin-file'], '--pin-file');
  const soPin = await readPin(values['so-pin-file'], '--so-pin-file');
  const { createPkcs11Client } = await import('../token/pkcs11-client.ts');
  const { openBuiltinCa } = await import('../ca/builtin-ca.ts');
  const { issueToken } = await import('../token/issue.ts');
  const ca = await openBuiltinCa({ dir: resolve(values['ca-dir'] ?? process.env.DANGKY_BUILTIN_CA_DIR ?? '.data/builtin-ca') });
  const client = createPkcs11Client({ modulePath });
  try {
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
    await Promise.all([client.close(), ca.close()]);
  }
}

export const run: CliGroup = async (args, io) => {
  const [command, ...rest] = args;
  try {
    if (command === 'list') return await list(rest, io);
    if (command === 'issue') return await issue(rest, io);
    io.err(usage);
    return 2;
  } catch (error) {
    const code = errorCodeOf(error);
    const detail = error instanceof DangkyError ? error.detail : undefined;
    io.err(JSON.stringify({ error: { code, message: errorRegistry[code].en, vi: errorRegistry[code].vi, ...(detail ? { detail } : {}) } }));
    return 2;
  }
};
