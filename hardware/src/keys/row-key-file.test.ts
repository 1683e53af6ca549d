import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRowKeyFile, SLOT_BYTES, type RowKeyFile } from './row-key-file.ts';

let dir: string;
let path: string;
const open: RowKeyFile[] = [];
const reopen = async () => {
  const file = await openRowKeyFile(path);
  open.push(file);
  return file;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-row-keys-'));
  path = join(dir, 'row-keys.bin');
});
afterEach(async () => {
  for (const file of open.splice(0)) await file.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const holder = randomBytes(16);
const other = randomBytes(16);

describe('row key file', () => {
  it('keeps keys across a restart, owner-only, each holder apart', async () => {
    const file = await reopen();
    const made = await file.create(holder, 3, Date.parse('2026-11-20T02:00:00Z'));
    const theirs = await file.create(other, 1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await file.close();
    const again = await reopen();
    expect(again.size).toBe(4);
    const back = again.get(holder, [...made.map((k) => k.keyId), theirs[0]!.keyId]);
    expect(back.map((k) => k.key.toString('hex'))).toEqual(made.map((k) => k.key.toString('hex')));
    expect(back[0]!.createdAt).toBe(Date.parse('2026-11-20T02:00:00Z'));
  });

  it('forgets a key by overwriting it in place: its bytes are nowhere in the file, its slot is reused', async () => {
    const file = await reopen();
    const [a, b] = await file.create(holder, 2);
    const secret = Buffer.from(a!.key); // the file zeroes its own copy when it forgets
    expect(readFileSync(path).includes(secret)).toBe(true);
    expect(await file.forget(holder, [a!.keyId, randomBytes(16)])).toBe(1);
    expect(readFileSync(path).includes(secret)).toBe(false);
    expect(readFileSync(path).includes(a!.keyId)).toBe(false);
    expect(file.get(holder, [a!.keyId, b!.keyId]).map((k) => k.keyId)).toEqual([b!.keyId]);
    const sizeBefore = statSync(path).size;
    await file.create(holder, 1);
    expect(statSync(path).size).toBe(sizeBefore);
    expect((await reopen()).size).toBe(2);
  });

  it('another holder cannot fetch or forget a key it does not hold', async () => {
    const file = await reopen();
    const [mine] = await file.create(holder, 1);
    expect(file.get(other, [mine!.keyId])).toEqual([]);
    expect(await file.forget(other, [mine!.keyId])).toBe(0);
    expect(await file.forgetAll(other)).toBe(0);
    expect(file.get(holder, [mine!.keyId])).toHaveLength(1);
  });

  it('forgets every key of one holder, lists keys older than a time', async () => {
    const file = await reopen();
    const old = await file.create(holder, 2, 1_000);
    const oldKeys = old.map((k) => Buffer.from(k.key)); // the file zeroes its own copies when it forgets
    await file.create(holder, 1, 5_000);
    await file.create(other, 2, 1_000);
    expect(file.list(holder, 2_000, 10).map((k) => k.toString('hex'))).toEqual(old.map((k) => k.keyId.toString('hex')));
    expect(file.list(holder, 9_000, 2)).toHaveLength(2);
    expect(await file.forgetAll(holder)).toBe(3);
    expect(file.size).toBe(2);
    for (const key of oldKeys) expect(readFileSync(path).includes(key)).toBe(false);
  });

  it('ignores a slot cut short by a power loss and writes over it', async () => {
    const file = await reopen();
    await file.create(holder, 2);
    await file.close();
    truncateSync(path, SLOT_BYTES + 30);
    const again = await reopen();
    expect(again.size).toBe(1);
    await again.create(holder, 1);
    expect(statSync(path).size).toBe(2 * SLOT_BYTES);
  });

  it('two creations at once never share a slot', async () => {
    const file = await reopen();
    await Promise.all(Array.from({ length: 20 }, () => file.create(holder, 5)));
    expect(file.size).toBe(100);
    expect((await reopen()).size).toBe(100);
    expect(statSync(path).size).toBe(100 * SLOT_BYTES);
  });
});
