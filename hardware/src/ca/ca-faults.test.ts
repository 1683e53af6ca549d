import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { caFaultModes, faultSource, parseCaFaultFlag } from './ca-faults.ts';
import { latencyDraw, seededRandom } from './provider-sim.ts';

/** The fault flag and file (outside input: the command line, a file a test writes) and the latency draws. */

const dir = mkdtempSync(join(tmpdir(), 'dangky-ca-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--ca-fault', () => {
  it.each([
    ['vnpt:unreachable', 'vnpt', { mode: 'unreachable' }],
    ['viettel:server-error:1', 'viettel', { mode: 'server-error', failures: 1 }],
    ['*:timeout', '*', { mode: 'timeout' }],
  ])('%s', (flag, who, fault) => expect(parseCaFaultFlag(flag)).toEqual([who, fault]));

  it('any other text is DK_ERR_VALIDATION, never another throw', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const [who, fault] = parseCaFaultFlag(text);
          expect(caFaultModes).toContain(fault.mode);
          expect(who).toMatch(/^(\*|[a-z0-9][a-z0-9-]{1,31})$/);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
          expect((error as DangkyError).code).toBe('DK_ERR_VALIDATION');
        }
      }),
    );
  });
});

describe('the fault file', () => {
  it('is re-read on every request; the file wins over the flags; "*" covers the rest; missing or broken = flags only', async () => {
    const file = join(dir, 'faults.json');
    const source = faultSource({ file, fixed: { vnpt: { mode: 'timeout' }, '*': { mode: 'server-error', failures: 1 } } });
    expect(await source('vnpt')).toEqual({ mode: 'timeout' });
    writeFileSync(file, JSON.stringify({ vnpt: 'unreachable', misa: null }));
    expect(await source('vnpt')).toEqual({ mode: 'unreachable' });
    expect(await source('misa')).toBeUndefined();
    expect(await source('fpt')).toEqual({ mode: 'server-error', failures: 1 });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    writeFileSync(file, '{"vnpt": "down"');
    expect(await source('vnpt')).toEqual({ mode: 'timeout' });
    expect(quiet).toHaveBeenCalledTimes(1);
    quiet.mockRestore();
  });

  it('never throws on arbitrary JSON', async () => {
    const file = join(dir, 'fuzz.json');
    const source = faultSource({ file });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        writeFileSync(file, JSON.stringify(value));
        const fault = await source('vnpt');
        if (fault) expect(caFaultModes).toContain(fault.mode);
      }),
      { numRuns: 60 },
    );
  });
});

describe('simulated latency', () => {
  it('is seeded (same seed, same draws) and has the profile median and 95th percentile', () => {
    const latency = { medianMs: 900, p95Ms: 2_500 };
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect(Array.from({ length: 5 }, () => latencyDraw(a, latency))).toEqual(Array.from({ length: 5 }, () => latencyDraw(b, latency)));
    const random = seededRandom(42);
    const draws = Array.from({ length: 4_000 }, () => latencyDraw(random, latency)).sort((x, y) => x - y);
    expect(draws[2_000]! / 900).toBeGreaterThan(0.9);
    expect(draws[2_000]! / 900).toBeLessThan(1.1);
    expect(draws[3_800]! / 2_500).toBeGreaterThan(0.85);
    expect(draws[3_800]! / 2_500).toBeLessThan(1.15);
  });
});
