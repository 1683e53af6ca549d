import { chmod, unlink } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { errorCodeOf } from '@dangky/core/errors';
import type { Db } from '../db/db.ts';
import { writeBackup } from './backup.ts';

/**
 * How the operator's command reaches a running PGlite server: an embedded database has one user,
 * the server, so a backup of a running server must be taken by the server itself. It listens on a
 * Unix socket in DATA_DIR (`control.sock`, owner-only inside the owner-only DATA_DIR: whoever may
 * use it may read the database's files anyway); one JSON line asks, one JSON line answers. A
 * command that finds no one listening knows the server is stopped and opens the folder itself.
 */
export const CONTROL_SOCKET = 'control.sock';

const request = z.discriminatedUnion('op', [
  z.object({ op: z.literal('ping') }).strict(),
  z.object({ op: z.literal('backup'), file: z.string().refine(isAbsolute, 'an absolute path') }).strict(),
]);
const reply = z.union([
  z.object({ ok: z.literal(true), bytes: z.number().int().nonnegative().optional() }),
  z.object({ ok: z.literal(false), code: z.string(), reason: z.string() }),
]);
export type ControlReply = z.infer<typeof reply>;

const jsonOrNull = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Serves the control socket; the returned function stops it (and removes the socket). */
export async function serveControlSocket(dataDir: string, db: Db): Promise<() => Promise<void>> {
  const path = join(dataDir, CONTROL_SOCKET);
  // A socket left by a server that died: nothing listens on it any more (the database is ours now).
  await unlink(path).catch(() => {});
  const server = createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!text.includes('\n')) return;
      socket.removeAllListeners('data');
      const asked = request.safeParse(jsonOrNull(text.slice(0, text.indexOf('\n'))));
      const answer: Promise<ControlReply> = !asked.success
        ? Promise.resolve({ ok: false as const, code: 'DK_ERR_BACKUP_REFUSED', reason: 'not a control request' })
        : asked.data.op === 'ping'
          ? Promise.resolve({ ok: true as const })
          : writeBackup(db, asked.data.file).then(
              ({ bytes }) => ({ ok: true as const, bytes }),
              (error: unknown) => ({ ok: false as const, code: errorCodeOf(error), reason: (error as Error).message }),
            );
      void answer.then((a) => socket.end(`${JSON.stringify(a)}\n`));
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
}

/** Asks the server running on `dataDir`; `undefined` when none listens there (stopped). */
export function askRunningServer(dataDir: string, asked: z.infer<typeof request>): Promise<ControlReply | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(join(dataDir, CONTROL_SOCKET));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(asked)}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      const parsed = reply.safeParse(jsonOrNull(text.trim()));
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('the server answered something else than a control reply'));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(error);
    });
  });
}
