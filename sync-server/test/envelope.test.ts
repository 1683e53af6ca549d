import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { citizenLookupHash, newDataKey, openPersonal, sealPersonal, unwrapDataKey, wrapDataKey } from '../src/privacy/envelope.ts';
import { createServerKeyFile, loadServerKeys } from '../src/privacy/server-keys.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dangky-keys-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const regA = '0193a1b2-0000-7000-8000-000000000001';
const regB = '0193a1b2-0000-7000-8000-000000000002';

describe('the server key file', () => {
  it('is made owner-only and read back; refused when others may read it, or malformed, or absent', async () => {
    const path = join(dir, 'server-keys.json');
    await createServerKeyFile(path, 'kek-test');
    const keys = await loadServerKeys(path);
    expect(keys.kekId).toBe('kek-test');
    const dataKey = newDataKey();
    expect(keys.unwrapDataKey(regA, keys.wrapDataKey(regA, dataKey)).equals(dataKey)).toBe(true);
    expect(keys.citizenHash('079190000901')).toMatch(/^[0-9a-f]{64}$/);
    await expect(createServerKeyFile(path)).rejects.toMatchObject({ code: 'EEXIST' });
    await chmod(path, 0o640);
    await expect(loadServerKeys(path)).rejects.toMatchObject({ code: 'DK_ERR_SERVER_KEY_UNSAFE' });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"v":1}', { mode: 0o600 });
    await expect(loadServerKeys(bad)).rejects.toMatchObject({ code: 'DK_ERR_SERVER_KEY_UNSAFE' });
    await expect(loadServerKeys(join(dir, 'none.json'))).rejects.toMatchObject({ code: 'DK_ERR_SERVER_KEY_UNSAFE' });
  });
});

describe('envelope encryption', () => {
  const kek = newDataKey();
  it('opens a sealed value only with its registration’s data key, on its registration', () => {
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(kek, regA, dataKey);
    expect(unwrapDataKey(kek, regA, wrapped).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(kek, regB, wrapped)).toThrow(expect.objectContaining({ code: 'DK_ERR_STORED_ROW_INVALID' }));
    expect(() => unwrapDataKey(newDataKey(), regA, wrapped)).toThrow(expect.objectContaining({ code: 'DK_ERR_STORED_ROW_INVALID' }));
    const identity = { idNumber: '079190000901', fullName: 'Nguyễn Văn An', phone: '0912345678' };
    const sealed = sealPersonal(dataKey, regA, identity);
    for (const v of Object.values(identity)) expect(sealed).not.toContain(v);
    expect(openPersonal(dataKey, regA, sealed)).toEqual(identity);
    expect(() => openPersonal(dataKey, regB, sealed)).toThrow(expect.objectContaining({ code: 'DK_ERR_STORED_ROW_INVALID' }));
    expect(() => openPersonal(newDataKey(), regA, sealed)).toThrow(expect.objectContaining({ code: 'DK_ERR_STORED_ROW_INVALID' }));
  });

  it('refuses any altered or foreign text with one code', () => {
    const dataKey = newDataKey();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(() => openPersonal(dataKey, regA, `pd1.${text}`)).toThrow(expect.objectContaining({ code: 'DK_ERR_STORED_ROW_INVALID' }));
      }),
    );
  });

  it('looks an ID number up by a keyed hash: the same number meets, another key or number does not', () => {
    const key = newDataKey();
    const h = citizenLookupHash(key, '079190000901');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain('079190000901');
    expect(citizenLookupHash(key, '079190000901')).toBe(h);
    expect(citizenLookupHash(key, '079190000902')).not.toBe(h);
    expect(citizenLookupHash(newDataKey(), '079190000901')).not.toBe(h);
  });
});
