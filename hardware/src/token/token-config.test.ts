import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { DEFAULT_TOKEN_CONFIG, matchEntry, planModules, readTokenConfig } from './token-config.ts';

/** The site's token configuration: the shipped file parses, modules are planned from what is installed, tokens matched by CK_TOKEN_INFO. */

const dir = mkdtempSync(join(tmpdir(), 'dangky-token-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('token configuration', () => {
  it('the shipped file parses, with SoftHSM2 and the Vietnamese market tokens', async () => {
    const config = await readTokenConfig(DEFAULT_TOKEN_CONFIG);
    expect(config.tokens.map((e) => e.id)).toEqual(['softhsm2', 'feitian-epass2003', 'safenet-etoken', 'bit4id']);
  });

  it('plans one worker per installed module (entries sharing it keep the longest deadlines) and lists the rest as not installed', async () => {
    const config = await readTokenConfig(DEFAULT_TOKEN_CONFIG);
    const installed = new Set(['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/opensc-pkcs11.so']);
    const plan = planModules(
      { tokens: [...config.tokens, { ...config.tokens[1]!, id: 'other-opensc-card', keygenDeadlineMs: 200_000 }] },
      (p) => installed.has(p),
    );
    expect(plan.modules.map((m) => [m.id, m.path, m.entries.map((e) => e.id), m.keygenDeadlineMs])).toEqual([
      ['softhsm2', '/usr/lib/softhsm/libsofthsm2.so', ['softhsm2'], 120_000],
      ['feitian-epass2003', '/usr/lib/opensc-pkcs11.so', ['feitian-epass2003', 'other-opensc-card'], 200_000],
    ]);
    expect(plan.notInstalled.map((m) => m.id)).toEqual(['safenet-etoken', 'bit4id']);
  });

  it('matches a token by manufacturerID and model, trimmed; an unknown model matches nothing', async () => {
    const { tokens } = await readTokenConfig(DEFAULT_TOKEN_CONFIG);
    expect(matchEntry(tokens, { manufacturer: 'SoftHSM project ', model: 'SoftHSM v2' })?.id).toBe('softhsm2');
    expect(matchEntry(tokens, { manufacturer: 'SafeNet, Inc.', model: 'eToken' })?.id).toBe('safenet-etoken');
    expect(matchEntry(tokens, { manufacturer: 'SafeNet, Inc.', model: 'IDPrime' })).toBeUndefined();
    expect(matchEntry(tokens, { manufacturer: 'Acme', model: 'Token' })).toBeUndefined();
  });

  it.each([
    ['not JSON', '{'],
    ['no match rule', JSON.stringify({ tokens: [{ id: 'x1', vendor: 'v', model: 'm', module: ['/a.so'], match: {}, soPinSecret: 's' }] })],
    [
      'a duplicate id',
      JSON.stringify({
        tokens: [0, 1].map(() => ({ id: 'x1', vendor: 'v', model: 'm', module: ['/a.so'], match: { model: ['m'] }, soPinSecret: 's' })),
      }),
    ],
    [
      'a secret name with a path',
      JSON.stringify({
        tokens: [{ id: 'x1', vendor: 'v', model: 'm', module: ['/a.so'], match: { model: ['m'] }, soPinSecret: '../etc/shadow' }],
      }),
    ],
  ])('refuses a file with %s: DK_ERR_TOKEN_MODULE_LOAD', async (_what, text) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    await expect(readTokenConfig(file)).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_MODULE_LOAD' });
  });

  it('any JSON either parses or is refused with DK_ERR_TOKEN_MODULE_LOAD', async () => {
    const file = join(dir, 'fuzz.json');
    const entry = fc.record(
      {
        id: fc.string(),
        vendor: fc.string(),
        model: fc.string(),
        module: fc.array(fc.string()),
        match: fc.record({ manufacturerId: fc.array(fc.string()) }, { requiredKeys: [] }),
        soPinSecret: fc.string(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ tokens: fc.array(entry) })), async (value) => {
        writeFileSync(file, JSON.stringify(value));
        try {
          const config = await readTokenConfig(file);
          expect(config.tokens.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
          expect((error as DangkyError).code).toBe('DK_ERR_TOKEN_MODULE_LOAD');
        }
      }),
      { numRuns: 200 },
    );
  });
});
