import { statfs } from 'node:fs/promises';

/**
 * Disk full, caught before the database engine meets it. PGlite writes through Node's fs: a
 * table that cannot grow fails its statement cleanly (SQLSTATE 53100), but a checkpoint that
 * cannot write leaves the engine spinning at 100 % CPU inside WebAssembly on the next statement —
 * JavaScript never runs again, so no request is answered and SIGTERM's handler never runs (seen on
 * a 64 MB tmpfs: CHECKPOINT → "could not write to file pg_logical/replorigin_checkpoint.tmp", then
 * the next INSERT never returned, even after the space was freed). So with a local folder the
 * server refuses writes while its free space is below a reserve (room for a WAL segment and a
 * checkpoint) and takes them again by itself once space is back; a disk-full error that still
 * happens (the disk filled between two looks) is noted and answered the same way. PostgreSQL
 * reports a full disk with SQLSTATE 53100 and stays sound, so there (no local folder) the server
 * answers 503 for a short while after each such error and then lets a write try again.
 */
export interface SpaceGuard {
  /** Whether writes are refused now (looks at the folder at most once a second). */
  full(): Promise<boolean>;
  /** Records a disk-full error a statement met. */
  noteFull(): void;
  /** What the 503's retry-after says. */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_RESERVE_BYTES = 64 * 1024 * 1024;

export function spaceGuard(options: {
  /** The database's folder (PGlite); undefined when the database is elsewhere. */
  folder?: string;
  reserveBytes?: number;
  now?: () => number;
  freeBytes?: (folder: string) => Promise<number>;
}): SpaceGuard {
  const { folder, reserveBytes = DEFAULT_RESERVE_BYTES, now = Date.now } = options;
  const freeBytes =
    options.freeBytes ??
    (async (dir: string) => {
      const s = await statfs(dir);
      return s.bavail * s.bsize;
    });
  const notedFor = folder ? 1_000 : 10_000;
  let notedAt = -Infinity;
  let lookedAt = -Infinity;
  let lowOnSpace = false;
  return {
    retryAfterSeconds: 30,
    noteFull() {
      notedAt = now();
      lookedAt = -Infinity;
    },
    async full() {
      const t = now();
      if (folder && t - lookedAt >= 1_000) {
        lookedAt = t;
        lowOnSpace = await freeBytes(folder).then(
          (free) => free < reserveBytes,
          () => lowOnSpace,
        );
      }
      return lowOnSpace || t - notedAt < notedFor;
    },
  };
}

/** Whether an error (or its cause) is the disk being full: SQLSTATE 53100, or ENOSPC from the file system. */
export function isDiskFull(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 8; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === '53100' || code === 'ENOSPC') return true;
    if (typeof message === 'string' && /No space left on device/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Resolves once `folder` has `reserveBytes` free, looking every 5 s; says once that it waits. */
export async function waitForSpace(folder: string, reserveBytes: number, say: (message: string) => void): Promise<void> {
  let said = false;
  for (;;) {
    const s = await statfs(folder).catch(() => undefined);
    if (!s || s.bavail * s.bsize >= reserveBytes) return;
    if (!said)
      say(
        `waiting for free space: ${Math.floor((s.bavail * s.bsize) / 1048576)} MB free in DATA_DIR, ${Math.ceil(reserveBytes / 1048576)} MB needed`,
      );
    said = true;
    await new Promise((r) => setTimeout(r, 5_000));
  }
}
