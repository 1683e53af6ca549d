import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { fileErasureLedger } from './erasure-ledger.ts';

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'dangky-ledger-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

let n = 0;
const fresh = () => join(dir, `ledger-${++n}.log`);
const ID = '0193a0e0-0000-7000-8000-000000000001';

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof DangkyError ? e.code : String(e)),
  );

describe('the erasure ledger file', () => {
  it('is empty before the first erasure, and gives back every id recorded, in order', async () => {
    const ledger = fileErasureLedger(fresh());
    expect(await ledger.erasedIds()).toEqual([]);
    const ids = [ID, '0193a0e0-0000-7000-8000-000000000002'];
    await ledger.record(ids, new Date('2026-12-01T00:00:00Z'));
    await ledger.record([ID.replace(/1$/, '3')], new Date('2026-12-02T00:00:00Z'));
    expect(await ledger.erasedIds()).toEqual([...ids, ID.replace(/1$/, '3')]);
  });

  it('ignores a last line a crash cut short, and refuses to guess past a damaged line', async () => {
    const torn = fresh();
    await writeFile(torn, `${ID} 2026-12-01T00:00:00.000Z\n0193a0e0-0000-7000-80`);
    expect(await fileErasureLedger(torn).erasedIds()).toEqual([ID]);
    const damaged = fresh();
    await writeFile(damaged, `${ID} 2026-12-01T00:00:00.000Z\nnot an erasure\n`);
    expect(await codeOf(fileErasureLedger(damaged).erasedIds())).toBe('DK_ERR_ERASURE_LEDGER_DAMAGED');
  });

  it('reads any text as whole erasures or refuses it with its code — never a half-read id', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        const path = fresh();
        await writeFile(path, text);
        const outcome = await fileErasureLedger(path)
          .erasedIds()
          .then(
            (ids) => ({ ids }),
            (e: unknown) => ({ code: (e as DangkyError).code }),
          );
        if ('code' in outcome) expect(outcome.code).toBe('DK_ERR_ERASURE_LEDGER_DAMAGED');
        else for (const id of outcome.ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips any set of ids and times', async () => {
    const uuid7 = fc.uuid({ version: 7 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(uuid7, { maxLength: 20 }),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }),
        async (ids, at) => {
          const ledger = fileErasureLedger(fresh());
          await ledger.record(ids, at);
          expect(await ledger.erasedIds()).toEqual(ids);
        },
      ),
      { numRuns: 50 },
    );
  });
});
