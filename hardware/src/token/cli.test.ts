import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import * as x509 from '../ca/x509.ts';
import { createPkcs11Client } from './pkcs11-client.ts';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';

/**
 * `dangky-hw token list / issue / unblock` in-process, on a throwaway SoftHSM2 store; the PIN
 * prompt once through a real pseudo-terminal (python3's pty module drives the process).
 */

let store: SoftHsmStore;
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
};

beforeAll(() => {
  store = softHsmStore();
  store.initToken({ label: 'counter-3', soPin: '87654321', pin: '111222' });
  store.initToken({ label: 'counter-4', soPin: '87654321', pin: '111222' });
  store.initToken({ label: 'counter-5', soPin: '87654321', pin: '111222' });
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
    const args = [
      'token',
      'issue',
      '--module',
      SOFTHSM_MODULE,
      '--slot-label',
      'counter-3',
      '--name',
      'Lê Thị Hồng Nhung',
      '--id',
      '048190001234',
      '--province',
      'Đà Nẵng',
    ];
    const files = [
      '--pin-file',
      join(store.dir, 'pin'),
      '--so-pin-file',
      join(store.dir, 'so-pin'),
      '--ca',
      'builtin',
      '--key',
      'p256',
      '--ca-dir',
      join(store.dir, 'ca'),
    ];
    expect(await main([...args, ...files], io)).toBe(0);
    const result = JSON.parse(out.join('\n')) as {
      tokenSerial: string;
      keyType: string;
      certificatePem: string;
      caCertificatePem: string;
      verification: { verified: boolean };
    };
    expect(result).toMatchObject({ keyType: 'p256', verification: { verified: true } });
    expect(result.tokenSerial).toMatch(/^[0-9a-f]{16}$/);
    expect([...out, ...err].join('\n')).not.toMatch(/582917|87654321/);
    writeFileSync(join(store.dir, 'cert.pem'), result.certificatePem);
    writeFileSync(join(store.dir, 'ca.pem'), result.caCertificatePem);
    expect(
      execFileSync('openssl', ['verify', '-CAfile', join(store.dir, 'ca.pem'), join(store.dir, 'cert.pem')], { encoding: 'utf8' }),
    ).toMatch(/: OK/);
  });

  it('refuses a PIN given as an argument and answers errors as JSON with the code', async () => {
    const { io, err } = capture();
    expect(await main(['token', 'issue', '--module', SOFTHSM_MODULE, '--pin', '582917'], io)).toBe(2);
    expect(err.join('\n')).not.toContain('582917');
    const missing = capture();
    const code = await main(
      [
        'token',
        'issue',
        '--module',
        SOFTHSM_MODULE,
        '--slot-label',
        'nope',
        '--name',
        'Lê Văn Tám',
        '--id',
        '048190001234',
        '--province',
        'Huế',
        '--pin-file',
        join(store.dir, 'pin'),
        '--so-pin-file',
        join(store.dir, 'so-pin'),
        '--ca',
        'builtin',
        '--ca-dir',
        join(store.dir, 'ca'),
      ],
      missing.io,
    );
    expect(code).toBe(2);
    expect(JSON.parse(missing.err.at(-1)!)).toMatchObject({ error: { code: 'DK_ERR_TOKEN_NOT_FOUND' } });
  });

  it('lists every installed module of the configuration, with the entry each token matches and the modules not installed here', async () => {
    const config = join(store.dir, 'tokens.json');
    writeFileSync(
      config,
      JSON.stringify({
        tokens: [
          {
            id: 'softhsm2',
            vendor: 'SoftHSM',
            model: 'v2',
            module: [SOFTHSM_MODULE],
            match: { manufacturerId: ['SoftHSM project'], model: ['SoftHSM v2'] },
            soPinSecret: 's1',
          },
          {
            id: 'feitian-epass2003',
            vendor: 'Feitian',
            model: 'ePass2003',
            module: ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'],
            match: { manufacturerId: ['EnterSafe'] },
            soPinSecret: 's2',
          },
          {
            id: 'safenet-etoken',
            vendor: 'SafeNet',
            model: 'eToken',
            module: ['/nonexistent/libeTPkcs11.so'],
            match: { manufacturerId: ['SafeNet, Inc.'] },
            soPinSecret: 's3',
          },
        ],
      }),
    );
    const { io, out } = capture();
    expect(await main(['token', 'list', '--config', config], io)).toBe(0);
    const listed = JSON.parse(out.join('\n')) as {
      modules: { id: string; status: string }[];
      tokens: { label: string; module: string; entry: string | null }[];
    };
    expect(listed.modules.map((m) => [m.id, m.status])).toEqual([
      ['softhsm2', 'loaded'],
      ['feitian-epass2003', 'loaded'],
      ['safenet-etoken', 'not installed'],
    ]);
    expect(listed.tokens.find((t) => t.label === 'counter-5')).toMatchObject({ module: 'softhsm2', entry: 'softhsm2' });

    const unknown = capture();
    expect(await main(['token', 'list', '--module', SOFTHSM_MODULE, '--config', join(store.dir, 'absent.json')], unknown.io)).toBe(0);
    expect(JSON.parse(unknown.out.join('\n'))).toMatchObject({
      tokens: expect.arrayContaining([expect.objectContaining({ entry: null, problem: 'DK_ERR_TOKEN_MODEL_UNKNOWN' })]),
    });
  });

  it('issues with a provider simulator (--ca vnpt): the certificate verifies against "VNPT-CA SIM"', async () => {
    const { io, out } = capture();
    const args = [
      'token',
      'issue',
      '--module',
      SOFTHSM_MODULE,
      '--slot-label',
      'counter-4',
      '--name',
      'Đỗ Minh Châu',
      '--id',
      '079188004321',
      '--province',
      'Cần Thơ',
      '--key',
      'rsa2048',
    ];
    const files = [
      '--pin-file',
      join(store.dir, 'pin'),
      '--so-pin-file',
      join(store.dir, 'so-pin'),
      '--ca',
      'vnpt',
      '--ca-dir',
      join(store.dir, 'ca'),
    ];
    expect(await main([...args, ...files], io)).toBe(0);
    const result = JSON.parse(out.join('\n')) as { ca: string; certificatePem: string; caCertificatePem: string };
    expect(result.ca).toBe('vnpt');
    expect(new x509.X509Certificate(result.certificatePem).issuer).toContain('CN=VNPT-CA SIM');
    writeFileSync(join(store.dir, 'vnpt-cert.pem'), result.certificatePem);
    writeFileSync(join(store.dir, 'vnpt-ca.pem'), result.caCertificatePem);
    expect(
      execFileSync('openssl', ['verify', '-CAfile', join(store.dir, 'vnpt-ca.pem'), join(store.dir, 'vnpt-cert.pem')], {
        encoding: 'utf8',
      }),
    ).toMatch(/: OK/);
  }, 60_000);

  it('without --pin-file and without a terminal: exit 2 with a clear message, nothing read', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: false });
    input.write('582917\n');
    const { io, err } = capture();
    const code = await main(
      [
        'token',
        'issue',
        '--module',
        SOFTHSM_MODULE,
        '--slot-label',
        'counter-5',
        '--name',
        'Lê Văn Tám',
        '--id',
        '048190001234',
        '--province',
        'Huế',
        '--so-pin-file',
        join(store.dir, 'so-pin'),
        '--ca',
        'builtin',
        '--ca-dir',
        join(store.dir, 'ca'),
      ],
      { ...io, tty: { input, output: new PassThrough() } },
    );
    expect(code).toBe(2);
    expect(JSON.parse(err.at(-1)!)).toMatchObject({
      error: { code: 'DK_ERR_VALIDATION', message: expect.stringContaining('not a terminal') },
    });
  });

  it('prompts for the new PIN twice on a real terminal, echo off, and issues (then unblock prompts the same way)', async () => {
    const driver = [
      'import os, pty, select, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      '    os.execvp(sys.argv[1], sys.argv[1:])',
      "out, answered, prompts = b'', 0, (b'New PIN', b'Repeat the PIN')",
      'deadline = time.time() + 90',
      'while time.time() < deadline:',
      '    ready, _, _ = select.select([fd], [], [], 0.2)',
      '    if fd in ready:',
      '        try:',
      '            data = os.read(fd, 4096)',
      '        except OSError:',
      '            break',
      '        if not data:',
      '            break',
      '        out += data',
      '    seen = sum(out.count(p) for p in prompts)',
      '    while answered < seen:',
      "        os.write(fd, os.environ['TYPED_PIN'].encode() + b'\\r')",
      '        answered += 1',
      '_, status = os.waitpid(pid, 0)',
      'sys.stdout.buffer.write(out)',
      'sys.exit(os.waitstatus_to_exitcode(status))',
    ].join('\n');
    const bin = resolve(import.meta.dirname, '../../bin/dangky-hw.js');
    const run = (args: string[]) =>
      spawnSync('python3', ['-c', driver, process.execPath, bin, 'token', ...args], {
        env: { ...store.env, TYPED_PIN: '639274' },
        encoding: 'utf8',
        timeout: 100_000,
      });
    const issued = run([
      'issue',
      '--module',
      SOFTHSM_MODULE,
      '--slot-label',
      'counter-5',
      '--name',
      'Lê Văn Tám',
      '--id',
      '048190001234',
      '--province',
      'Huế',
      '--so-pin-file',
      join(store.dir, 'so-pin'),
      '--ca',
      'builtin',
      '--ca-dir',
      join(store.dir, 'ca'),
    ]);
    expect(issued.status, issued.stdout + issued.stderr).toBe(0);
    expect(issued.stdout).toContain('New PIN');
    expect(issued.stdout).toContain('Repeat the PIN');
    expect(issued.stdout).toMatch(/"verified": true/);
    expect(issued.stdout).not.toContain('639274');
    const tokenSerial = /"tokenSerial": "([0-9a-f]+)"/.exec(issued.stdout)![1]!;
    // The PIN typed is the PIN on the token: another PKCS#11 process logs in with it.
    const outside = createPkcs11Client({ modulePath: SOFTHSM_MODULE, env: store.env });
    try {
      await expect(outside.call('login', { token: { labelOrSerial: tokenSerial }, user: 'user', pin: '639274' })).resolves.toBeNull();
    } finally {
      await outside.close();
    }

    const unblocked = run(['unblock', '--module', SOFTHSM_MODULE, '--slot-label', tokenSerial, '--so-pin-file', join(store.dir, 'so-pin')]);
    expect(unblocked.status, unblocked.stdout).toBe(0);
    expect(unblocked.stdout).toMatch(/"unblocked": true/);
    expect(unblocked.stdout).not.toContain('639274');
  }, 120_000);
});
