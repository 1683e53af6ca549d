/**
 * `dangky-server <group> <command> …`: the operator's commands, against the same database the
 * server uses (DATABASE_URL, else PGlite under DATA_DIR — stop the server first when it runs on
 * PGlite: an embedded database has one user at a time; `backup` asks a running one instead). Exit codes: 0 done / whole, 1 the check
 * failed (a broken audit chain), 2 wrong usage or unusable input.
 */
import { DangkyError, errorRegistry } from '@dangky/core/errors';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}
export type CliGroup = (args: string[], io: CliIo) => Promise<number>;

const groups: Record<string, { about: string; load: () => Promise<{ run: CliGroup }> }> = {
  admin: { about: 'first start: create the first administrator (bootstrap)', load: () => import('./admin.ts') },
  audit: { about: 'audit log: verify the hash chain, print the daily anchors', load: () => import('./audit.ts') },
  backup: {
    about: 'PGlite: the database as one file, from a running or stopped server',
    load: async () => ({ run: (await import('./backup.ts')).runBackup }),
  },
  restore: {
    about: 'PGlite: a backup into an empty DATA_DIR, adopted, with later erasures made again',
    load: async () => ({ run: (await import('./backup.ts')).runRestore }),
  },
  keys: { about: 'the server keys in a PKCS#11 token: make them (init-token), check them (check-token)', load: () => import('./keys.ts') },
};

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [group, ...rest] = argv;
  const entry = group ? groups[group] : undefined;
  if (!entry) {
    io.err('usage: dangky-server <group> <command> [options]\n');
    for (const [name, g] of Object.entries(groups)) io.err(`  ${name.padEnd(8)} ${g.about}`);
    return 2;
  }
  const { run } = await entry.load();
  try {
    return await run(rest, io);
  } catch (err) {
    // Storage refused as at the server's start (storage/open-storage.ts): the code and the next step, no stack.
    if (!(err instanceof DangkyError)) throw err;
    const reason = typeof err.detail?.reason === 'string' ? ` (${err.detail.reason})` : '';
    io.err(`${err.code}${reason}: ${errorRegistry[err.code].en}`);
    return 1;
  }
}
