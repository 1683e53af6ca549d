import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from './softhsm-fixture.ts';

/** `dangky-hw token list / issue` in-process, on a throwaway SoftHSM2 store. */

let store: SoftHsmStore;
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
};

beforeAll(() => {
  store = softHsmStore();
  store.initToken({ label: 'counter-3', soPin: '87654321', pin: '111222' });
  process.env.SOFTHSM2_CONF = store.conf;
  writeFileSync(join(store.dir, 'pin'), '582917\n');
  writeFileSync(join(store.dir, 'so-pin'), '87654321\n');
});
afterAll(() => store.dispose());

describe('dangky-hw token', () => {
  it('lists the tokens of a module', async () => {
    const { io, out } = capture();
    expect(await main(['token', 'list', '--module', SOFTHSM_MODULE], io)).toBe(0);
    const listed = JSON.parse(out.join('\n')) as { tokens: { label: string; serial: string; model: string }[] };
    expect(listed.tokens.find((t) => t.label === 'counter-3')).toMatchObject({ model: 'SoftHSM v2' });
  });

  it('issues a token with the built-in CA and prints the certificate and the verification; PINs never printed', async () => {
    const { io, out, err } = capture();
    const args = ['token', 'issue', '--module', SOFTHSM_MODULE, '--slot-label', 'counter-3', '--name', 'Lê Thị Hồng Nhung', '--id', '048190001234', '--province', 'Đà Nẵng'];
    const files = ['--pin-file', join(store.dir, 'pin'), '--so-pin-file', join(store.dir, 'so-pin'), '--ca', 'builtin', '--key', 'p256', '--ca-dir', join(store.dir, 'ca')];
    expect(await main([...args, ...files], io)).toBe(0);
    const result = JSON.parse(out.join('\n')) as { tokenSerial: string; keyType: string; certificatePem: string; caCertificatePem: string; verification: { verified: boolean } };
    expect(result).toMatchObject({ keyType: 'p256', verification: { verified: true } });
    expect(result.tokenSerial).toMatch(/^[0-9a-f]{16}$/);
    expect([...out, ...err].join('\n')).not.toMatch(/582917|87654321/);
    writeFileSync(join(store.dir, 'cert.pem'), result.certificatePem);
    writeFileSync(join(store.dir, 'ca.pem'), result.caCertificatePem);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(store.dir, 'ca.pem'), join(store.dir, 'cert.pem')], { encoding: 'utf8' })).toMatch(/: OK/);
  });

  it('refuses a PIN given as an argument and answers errors as JSON with the code', async () => {
    const { io, err } = capture();
    expect(await main(['token', 'issue', '--module', SOFTHSM_MODULE, '--pin', '582917'], io)).toBe(2);
    expect(err.join('\n')).not.toContain('582917');
    const missing = capture();
    const code = await main(['token', 'issue', '--module', SOFTHSM_MODULE, '--slot-label', 'nope', '--name', 'Lê Văn Tám', '--id', '048190001234', '--province', 'Huế', '--pin-file', join(store.dir, 'pin'), '--so-pin-file', join(store.dir, 'so-pin'), '--ca', 'builtin', '--ca-dir', join(store.dir, 'ca')], missing.io);
    expect(code).toBe(2);
    expect(JSON.parse(missing.err.at(-1)!)).toMatchObject({ error: { code: 'DK_ERR_TOKEN_NOT_FOUND' } });
  });
});
