import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { ROW_KEY_BYTES, ROW_KEY_ID_BYTES } from '@dangky/core/agent';

/**
 * The page's row keys (see core/src/agent/messages/keys.ts) in one file of fixed-size slots:
 *
 *   used (1) | holder (16) | key id (16) | key (32) | created, ms since 1970 (8, big-endian) | zero (7)
 *
 * Forgetting a key overwrites its slot with zeros in place and syncs the file, instead of
 * rewriting the file without it: a rewrite leaves the old blocks, key included, in the file
 * system's free space, an overwrite in place on a journalling file system (ext4 journals
 * metadata, not data, by default) does not. Flash wear-levelling may still keep an old copy of
 * the block; that is what the station's full-disk encryption is for (docs/deploy.md). Freed
 * slots are reused. The whole file is read once at start; a short last slot (a write cut by a
 * power loss) is ignored and overwritten.
 */

export const SLOT_BYTES = 80;
const USED = 0x01;
const HOLDER_AT = 1;
const ID_AT = HOLDER_AT + ROW_KEY_ID_BYTES;
const KEY_AT = ID_AT + ROW_KEY_ID_BYTES;
const CREATED_AT = KEY_AT + ROW_KEY_BYTES;

export interface RowKey {
  holder: Buffer;
  keyId: Buffer;
  key: Buffer;
  createdAt: number;
}

export interface RowKeyFile {
  /** New random keys for `holder`, written and synced before this resolves. */
  create(holder: Buffer, count: number, now?: number): Promise<RowKey[]>;
  /** The holder's keys among `keyIds` that the file still has. */
  get(holder: Buffer, keyIds: readonly Buffer[]): RowKey[];
  /** Overwrites the holder's keys among `keyIds`; resolves with how many there were. */
  forget(holder: Buffer, keyIds: readonly Buffer[]): Promise<number>;
  /** Overwrites every key of the holder. */
  forgetAll(holder: Buffer): Promise<number>;
  /** The holder's key ids created before `before` (ms), at most `limit`. */
  list(holder: Buffer, before: number, limit: number): Buffer[];
  readonly size: number;
  close(): Promise<void>;
}

interface Slot extends RowKey {
  index: number;
}

const idOf = (holder: Buffer, keyId: Buffer) => `${holder.toString('hex')}:${keyId.toString('hex')}`;

export async function openRowKeyFile(path: string): Promise<RowKeyFile> {
  // 'a+' creates it owner-only when missing; 'r+' then writes at chosen offsets.
  await (await open(path, 'a+', 0o600)).close();
  const file: FileHandle = await open(path, 'r+');
  const bytes = await file.readFile();
  const slots = new Map<string, Slot>();
  const free: number[] = [];
  let count = Math.floor(bytes.length / SLOT_BYTES);
  for (let index = 0; index < count; index++) {
    const slot = bytes.subarray(index * SLOT_BYTES, (index + 1) * SLOT_BYTES);
    if (slot[0] !== USED) {
      free.push(index);
      continue;
    }
    const entry: Slot = {
      index,
      holder: Buffer.from(slot.subarray(HOLDER_AT, ID_AT)),
      keyId: Buffer.from(slot.subarray(ID_AT, KEY_AT)),
      key: Buffer.from(slot.subarray(KEY_AT, CREATED_AT)),
      createdAt: Number(slot.readBigUInt64BE(CREATED_AT)),
    };
    slots.set(idOf(entry.holder, entry.keyId), entry);
  }
  bytes.fill(0);
  free.reverse(); // pop() hands out the lowest free slot first

  // One operation at a time: two requests never pick the same free slot.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op);
    queue = run.catch(() => undefined);
    return run;
  };
  const zero = Buffer.alloc(SLOT_BYTES);
  const erase = async (victims: Slot[]) => {
    for (const slot of victims) {
      await file.write(zero, 0, SLOT_BYTES, slot.index * SLOT_BYTES);
      slots.delete(idOf(slot.holder, slot.keyId));
      slot.key.fill(0);
      free.push(slot.index);
    }
    if (victims.length) await file.datasync();
    return victims.length;
  };

  return {
    create: (holder, n, now = Date.now()) =>
      serial(async () => {
        const made: RowKey[] = [];
        for (let i = 0; i < n; i++) {
          const entry: Slot = {
            index: free.pop() ?? count++,
            holder,
            keyId: randomBytes(ROW_KEY_ID_BYTES),
            key: randomBytes(ROW_KEY_BYTES),
            createdAt: now,
          };
          const slot = Buffer.alloc(SLOT_BYTES);
          slot[0] = USED;
          entry.holder.copy(slot, HOLDER_AT);
          entry.keyId.copy(slot, ID_AT);
          entry.key.copy(slot, KEY_AT);
          slot.writeBigUInt64BE(BigInt(Math.floor(now)), CREATED_AT);
          await file.write(slot, 0, SLOT_BYTES, entry.index * SLOT_BYTES);
          slot.fill(0);
          slots.set(idOf(holder, entry.keyId), entry);
          made.push(entry);
        }
        await file.datasync();
        return made;
      }),
    get: (holder, keyIds) => keyIds.map((id) => slots.get(idOf(holder, id))).filter((s): s is Slot => s !== undefined),
    forget: (holder, keyIds) =>
      serial(() => erase(keyIds.map((id) => slots.get(idOf(holder, id))).filter((s): s is Slot => s !== undefined))),
    forgetAll: (holder) => serial(() => erase([...slots.values()].filter((s) => s.holder.equals(holder)))),
    list: (holder, before, limit) =>
      [...slots.values()]
        .filter((s) => s.holder.equals(holder) && s.createdAt < before)
        .slice(0, limit)
        .map((s) => s.keyId),
    get size() {
      return slots.size;
    },
    close: () => serial(() => file.close()),
  };
}
