import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { canaryForms, findCanary, scanTree } from './token-canary.ts';

/**
 * The canary search must fail when the PIN is there: a PIN planted in each form, in a text log,
 * in a binary file and in a nested directory, is found; the same files without it give zero.
 * (token.spec.ts relies on "zero hits" meaning "not there", not "not looked for".)
 */
const PIN = '48291537';

test('finds a planted PIN in every form, and nothing in clean data', async () => {
  const forms = canaryForms(PIN).map((f) => f.form);
  for (const form of ['ascii', 'utf16le', 'utf16be', 'hex', 'base64', 'digits-json', 'digits-numbers', 'digits-spaced'])
    expect(forms).toContain(form);
  expect(canaryForms('zz').map((f) => f.form)).toContain('HEX');
  for (const { form, bytes } of canaryForms(PIN)) {
    const planted = Buffer.concat([Buffer.from('{"level":30,"msg":"x","body":"'), bytes, Buffer.from('"}\n')]);
    expect(
      findCanary(planted, PIN).map((h) => h.form),
      form,
    ).toContain(form);
  }
  expect(findCanary(`keypad: ${JSON.stringify([...PIN])}`, PIN).map((h) => h.form)).toContain('digits-json');
  expect(findCanary('{"userPin":"[redacted]","pinLength":8,"serial":"48291538"}', PIN)).toEqual([]);
});

test('scans a directory tree byte for byte, nested and binary files included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dangky-canary-spec-'));
  try {
    await mkdir(join(dir, 'token-sim', 'counter-1', 'tokens'), { recursive: true });
    await writeFile(join(dir, 'system.log'), '[agent counter-1] HARDWARE:TOKEN 1: issued on a rsa2048 token in 812 ms\n');
    await writeFile(join(dir, 'token-sim', 'counter-1', 'tokens', 'object.bin'), Buffer.from([0, 1, 2, 3, 255, 254]));
    expect((await scanTree(dir, PIN)).hits).toEqual([]);
    // A debug line that forgot the redaction, and a UTF-16 dump inside a binary file.
    await writeFile(join(dir, 'system.log'), `[agent counter-1] token.issue {"userPin":"${PIN}"}\n`, { flag: 'a' });
    await writeFile(
      join(dir, 'token-sim', 'counter-1', 'tokens', 'object.bin'),
      Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(PIN, 'utf16le'), Buffer.from([9])]),
    );
    const { hits, files } = await scanTree(dir, PIN);
    expect(files).toBe(2);
    expect(hits).toEqual([
      { where: 'system.log', form: 'ascii', offset: expect.any(Number) },
      { where: join('token-sim', 'counter-1', 'tokens', 'object.bin'), form: 'utf16le', offset: 3 },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('finds a citizen’s name as UTF-8 and as a JSON writer that escapes non-ASCII logs it', () => {
  const name = 'Trần Thị Ánh Tuyết';
  expect(findCanary(`{"msg":"holder ${name}"}`, name).map((h) => h.form)).toContain('utf8');
  expect(findCanary('{"msg":"Tr\\u1ea7n Th\\u1ecb \\u00c1nh Tuy\\u1ebft"}', name).map((h) => h.form)).toContain('json-escaped');
  expect(findCanary('{"msg":"Trần Thị Ánh"}', name)).toEqual([]);
});
