import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { errorCodeOf, errorRegistry } from '@dangky/core/errors';
import { bootstrapAdmin } from '../admin/bootstrap.ts';
import type { CliGroup } from './main.ts';
import { openCliDb } from './open-cli-db.ts';

const usage = `usage:
  dangky-server admin bootstrap --username U --password-file F [--province 79] [--name "Display name"]
      First start: create the first administrator — of the province (two-digit 2025 code) or,
      without --province, of the whole country. F holds the password (first line; the file is
      read, never echoed). Refused once an administrator exists.`;

export const run: CliGroup = async ([command, ...args], io) => {
  if (command !== 'bootstrap') {
    io.err(usage);
    return 2;
  }
  let values: { username?: string; 'password-file'?: string; province?: string; name?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        'password-file': { type: 'string' },
        province: { type: 'string' },
        name: { type: 'string' },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!values.username || !values['password-file'] || (values.province && !/^\d{2}$/.test(values.province))) {
    io.err(usage);
    return 2;
  }
  let password: string;
  try {
    password = (await readFile(values['password-file'], 'utf8')).split(/\r?\n/)[0] ?? '';
  } catch (error) {
    io.err(`cannot read ${values['password-file']}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return 2;
  }
  const db = await openCliDb(io);
  try {
    const admin = await bootstrapAdmin(db, {
      username: values.username,
      password,
      provinceCode: values.province ?? null,
      ...(values.name ? { displayName: values.name } : {}),
    });
    io.out(
      `administrator ${admin.id} created (${admin.provinceCode ? `province ${admin.provinceCode}` : 'national'}); sign in to the counter-app`,
    );
    return 0;
  } catch (error) {
    const code = errorCodeOf(error);
    io.err(`${code}: ${errorRegistry[code].en}`);
    return code === 'DK_ERR_INTERNAL' ? 2 : 1;
  } finally {
    await db.close();
  }
};
