import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownerOnlyDir } from './owner-only-dir.ts';
import { openPairingVault } from './pairing-vault.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-vault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'pairing-secret-for-tests-0123456789';

describe('pairing vault', () => {
  it('seals the secret so that only this station’s agent opens it, the key owner-only and kept', async () => {
    const vault = await openPairingVault(join(dir, 'vault.key'), 'kiosk-1');
    const sealed = vault.seal(SECRET);
    expect(sealed).not.toContain(SECRET);
    expect(Buffer.from(sealed, 'base64url').includes(Buffer.from(SECRET))).toBe(false);
    expect(vault.seal(SECRET)).not.toBe(sealed); // a fresh IV each time
    expect(vault.open(sealed)).toBe(SECRET);
    expect(statSync(join(dir, 'vault.key')).mode & 0o777).toBe(0o600);
    expect((await openPairingVault(join(dir, 'vault.key'), 'kiosk-1')).open(sealed)).toBe(SECRET);
    expect((await openPairingVault(join(dir, 'vault.key'), 'kiosk-2')).open(sealed)).toBeNull();
    expect((await openPairingVault(join(dir, 'other.key'), 'kiosk-1')).open(sealed)).toBeNull();
  });

  it('opens nothing but what it sealed (random and altered blobs)', async () => {
    const vault = await openPairingVault(join(dir, 'vault.key'), 'kiosk-1');
    const sealed = Buffer.from(vault.seal(SECRET), 'base64url');
    fc.assert(
      fc.property(fc.nat(sealed.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const altered = Buffer.from(sealed);
        altered[at]! ^= flip;
        return vault.open(altered.toString('base64url')) === null;
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => vault.open(text) === null));
  });

  it('refuses a key file of the wrong size', async () => {
    writeFileSync(join(dir, 'vault.key'), 'short', { mode: 0o600 });
    await expect(openPairingVault(join(dir, 'vault.key'), 'kiosk-1')).rejects.toMatchObject({ code: 'DK_ERR_KEY_STORE_UNSAFE' });
  });
});

describe('owner-only directory', () => {
  it('creates it 0700 and refuses one the group or others can open', async () => {
    await ownerOnlyDir(join(dir, 'keys', 'kiosk-1'));
    expect(statSync(join(dir, 'keys', 'kiosk-1')).mode & 0o777).toBe(0o700);
    mkdirSync(join(dir, 'open'), { mode: 0o755 });
    chmodSync(join(dir, 'open'), 0o755);
    await expect(ownerOnlyDir(join(dir, 'open'))).rejects.toMatchObject({ code: 'DK_ERR_KEY_STORE_UNSAFE' });
    writeFileSync(join(dir, 'file'), '');
    await expect(ownerOnlyDir(join(dir, 'file'))).rejects.toBeTruthy();
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('');
  });
});
