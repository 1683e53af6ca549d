import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../src/db/db.ts';
import { openDb } from '../src/db/open.ts';
import { appendAudit, appendAudits } from '../src/audit/append-audit.ts';
import { verifyAudit } from '../src/audit/verify-audit.ts';
import { anchorAuditDays, listAnchors } from '../src/audit/anchor-audit.ts';
import { AUDIT_PAGE_SQL, GENESIS_HASH, auditBody, auditHash, parseAuditPage, type StoredAuditRow } from '../src/audit/audit-hash.ts';
import { main, type CliIo } from '../src/cli/main.ts';
import { asTamperer, dbKind, freshDb, freshPostgresUrl } from './harness.ts';

/**
 * The audit log is append-only and hash-chained: the database chains every insert, refuses
 * every change, and `dangky-server audit verify` names the first entry that was altered,
 * removed or moved when someone with direct access to the database does it anyway.
 */
const entry = (i: number) => ({
  actorId: i % 2 ? 'manager.hcm' : 'admin.hcm',
  actorRole: i % 2 ? 'city-manager' : 'admin',
  action: i % 3 ? 'site.updated' : 'staff.created',
  siteId: 'hcm-ben-thanh',
  provinceCode: '79',
  target: `site:hcm-ben-thanh`,
  detail: { field: `name-${i}`, changed: true, n: i },
});

/** A database a CLI process can open too: PostgreSQL by URL, PGlite in a folder (opened by one at a time). */
async function cliDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<Db>; cleanup: () => Promise<void> }> {
  if (dbKind === 'postgres') {
    const url = await freshPostgresUrl();
    return { env: { DATABASE_URL: url }, open: () => openDb({ DATABASE_URL: url, dataDir: '' }), cleanup: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'dangky-audit-'));
  return { env: { DATA_DIR: dir }, open: () => openDb({ dataDir: dir }), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const cli = async (args: string[], env: Record<string, string>) => {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), env };
  const code = await main(args, io);
  return { code, text: out.join('\n') };
};

describe(`audit log on ${dbKind}`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(() => db.close());

  it('chains entries in order: each holds the previous hash, and the trigger hashes what the verifier recomputes', async () => {
    const first = await appendAudit(db, entry(1));
    const rest = await db.transaction((tx) => appendAudits(tx, [entry(2), entry(3), entry(4)]));
    expect([first.seq, ...rest.map((r) => r.seq)]).toEqual([1, 2, 3, 4]);
    const [page] = await db.query<{ page: string }>(AUDIT_PAGE_SQL, [1, 100]);
    const rows = parseAuditPage(page!.page).filter((r): r is StoredAuditRow => !('malformed' in r));
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.action)).toEqual(['site.updated', 'site.updated', 'staff.created', 'site.updated']);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      expect(r.prev_hash).toBe(prev);
      expect(auditHash(prev, auditBody(r))).toBe(r.hash);
      prev = r.hash;
    }
    expect(await verifyAudit(db)).toEqual({ ok: true, entries: 4, head: { seq: 4, hash: prev } });
  });

  it('refuses personal data and malformed entries, appending nothing', async () => {
    const before = await verifyAudit(db);
    await expect(appendAudit(db, { ...entry(5), detail: { idNumber: '079190012345' } })).rejects.toMatchObject({
      code: 'DK_ERR_AUDIT_PERSONAL_DATA',
    });
    await expect(appendAudit(db, { ...entry(5), detail: { name: 'Nguyễn Văn An' } })).rejects.toMatchObject({ code: 'DK_ERR_VALIDATION' });
    await expect(appendAudit(db, { ...entry(5), action: 'Deleted everything' })).rejects.toMatchObject({ code: 'DK_ERR_VALIDATION' });
    expect(await verifyAudit(db)).toEqual(before);
  });

  it('rolls back with the action it belongs to', async () => {
    const before = await verifyAudit(db);
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, entry(6));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await verifyAudit(db)).toEqual(before);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    for (const sql of [
      "UPDATE audit_log SET action = 'x.y' WHERE seq = 1",
      'DELETE FROM audit_log WHERE seq = 1',
      'TRUNCATE audit_log',
      "UPDATE audit_anchors SET hash = 'x'",
      'DELETE FROM audit_anchors',
    ]) {
      await expect(db.query(sql), sql).rejects.toThrow(/append-only|permission denied/);
    }
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('stores any valid entry so that it verifies byte for byte, the same detail as the same text whatever its key order', async () => {
    const token = fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .map((s) => s.replace(/[^\p{L}\p{N}._:@/+-]/gu, ''))
      .filter((s) => !/^\+?\d{9,}$/.test(s));
    const detail = fc.dictionary(
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,10}$/),
      fc.oneof(token, fc.integer(), fc.boolean(), fc.constant(null)),
      {
        maxKeys: 6,
      },
    );
    await fc.assert(
      fc.asyncProperty(detail, token, async (d, role) => {
        const { seq } = await appendAudit(db, { ...entry(7), actorRole: role.slice(0, 32), detail: d });
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        const again = await appendAudit(db, { ...entry(7), actorRole: role.slice(0, 32), detail: reversed });
        const stored = await db.query<{ detail: string }>('SELECT detail FROM audit_log WHERE seq = ANY($1::bigint[]) ORDER BY seq', [
          [seq, again.seq],
        ]);
        expect(stored[0]!.detail).toBe(stored[1]!.detail);
        expect(JSON.parse(stored[0]!.detail)).toEqual(d);
      }),
      { numRuns: 40 },
    );
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('refuses, as a safety net, an insert that does not follow the chain (a writer that skipped the lock)', async () => {
    const [head] = await db.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM audit_log');
    await expect(
      db.query(
        `INSERT INTO audit_log (seq, at, actor_id, actor_role, action, detail, prev_hash, hash) VALUES ($1, now(), 'x.y', 'admin', 'x.y', '{}', $2, $2)`,
        [Number(head!.seq) + 1, 'a'.repeat(64)],
      ),
    ).rejects.toThrow(/does not follow the chain/);
  });

  it('anchors each finished Ho Chi Minh day once, and an anchor that does not match is a broken chain', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const made = await anchorAuditDays(db, tomorrow);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(await anchorAuditDays(db, tomorrow)).toEqual([]);
    const [anchor] = await listAnchors(db);
    expect(anchor!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyAudit(db)).ok).toBe(true);
    const wrong = await verifyAudit(db, { externalAnchors: [{ seq: 2, hash: 'f'.repeat(64) }] });
    expect(wrong).toMatchObject({ ok: false, firstBroken: 2, reason: 'anchor-mismatch' });
  });
});

describe(`audit verify reads pages exactly on ${dbKind}`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
    await db.transaction((tx) =>
      appendAudits(
        tx,
        [1, 2, 3, 4, 5, 6, 7].map((i) => ({ ...entry(i), siteId: i === 5 ? undefined : 'hcm-ben-thanh' })),
      ),
    );
  });
  afterAll(() => db.close());

  it('walks pages of any size, reading ahead, to the same head', async () => {
    const whole = await verifyAudit(db);
    expect(whole).toMatchObject({ ok: true, entries: 7 });
    for (const pageSize of [1, 2, 3, 7, 8]) expect(await verifyAudit(db, { pageSize })).toEqual(whole);
  });

  // The page is one text with separators: a stored value that mimics the NULL marker or holds a
  // separator must not pass for the entry that was hashed.
  it('names an entry whose NULL was replaced by the text the page uses for NULL', async () => {
    await asTamperer(db, [`UPDATE audit_log SET site_id = '-' WHERE seq = 5`]);
    expect(await verifyAudit(db, { pageSize: 3 })).toEqual({ ok: false, entries: 4, firstBroken: 5, reason: 'hash-mismatch' });
  });

  it('names an entry whose value was given a field or record separator', async () => {
    await asTamperer(db, [`UPDATE audit_log SET target = target || chr(30) || '8' WHERE seq = 3`]);
    expect(await verifyAudit(db)).toEqual({ ok: false, entries: 2, firstBroken: 3, reason: 'hash-mismatch' });
    await asTamperer(db, [`UPDATE audit_log SET actor_id = 'admin' || chr(31) || 'hcm' WHERE seq = 2`]);
    expect(await verifyAudit(db, { pageSize: 2 })).toEqual({ ok: false, entries: 1, firstBroken: 2, reason: 'hash-mismatch' });
  });
});

describe(`dangky-server audit anchors on ${dbKind}`, { timeout: 120_000 }, () => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  let folder = '';
  beforeAll(async () => {
    target = await cliDatabase();
    folder = await mkdtemp(join(tmpdir(), 'dangky-anchors-'));
    const db = await target.open();
    // Days that are over need entries made on them: written as the appender would have, with
    // their hashes, under a past clock (Ho Chi Minh time 10:00 on 20 and 21 November).
    let prev = GENESIS_HASH;
    const past = [1, 2, 3].map((seq) => {
      const row = {
        seq,
        at: seq < 3 ? '2026-11-20T03:00:00.000000Z' : '2026-11-21T03:00:00.000000Z',
        actor_id: 'admin.hcm',
        actor_role: 'admin',
        action: 'site.updated',
        site_id: null,
        province_code: '79',
        target: 'site:hcm-ben-thanh',
        detail: '{}',
      };
      const hash = auditHash(prev, auditBody(row));
      const values = { ...row, prev_hash: prev, hash };
      prev = hash;
      return values;
    });
    await asTamperer(
      db,
      past.map(
        (r) =>
          `INSERT INTO audit_log (seq, at, actor_id, actor_role, action, site_id, province_code, target, detail, prev_hash, hash)
           VALUES (${r.seq}, '${r.at}', '${r.actor_id}', '${r.actor_role}', '${r.action}', NULL, '${r.province_code}', '${r.target}', '${r.detail}', '${r.prev_hash}', '${r.hash}')`,
      ),
    );
    await appendAudit(db, entry(4));
    await db.close();
  });
  afterAll(async () => {
    await target.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  it('anchors every finished day once and prints the anchors and the head in the form verify --anchors reads back', async () => {
    const printed = await cli(['audit', 'anchors'], target.env);
    expect(printed.code).toBe(0);
    const lines = printed.text.split('\n');
    expect(lines[0]).toMatch(/^2026-11-20 2 [0-9a-f]{64}$/);
    expect(lines[1]).toMatch(/^2026-11-21 3 [0-9a-f]{64}$/);
    expect(lines.at(-1)).toMatch(/^# head now: 4 [0-9a-f]{64}$/);
    expect((await cli(['audit', 'anchors'], target.env)).text).toBe(printed.text);

    const kept = join(folder, 'kept.txt');
    await writeFile(kept, printed.text);
    expect(await cli(['audit', 'verify', '--anchors', kept], target.env)).toEqual({
      code: 0,
      text: expect.stringMatching(/^audit log whole: 4 entries/),
    });
    const forged = join(folder, 'forged.txt');
    await writeFile(forged, lines[0]!.replace(/[0-9a-f]{64}$/, 'f'.repeat(64)));
    expect(await cli(['audit', 'verify', '--anchors', forged], target.env)).toEqual({
      code: 1,
      text: expect.stringMatching(/^audit log BROKEN at entry 2: it differs from the anchor taken of it/),
    });
  });
});

describe(`dangky-server audit verify on ${dbKind}`, { timeout: 120_000 }, () => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  let anchors = '';
  beforeAll(async () => {
    target = await cliDatabase();
    const db = await target.open();
    for (let i = 1; i <= 8; i++) await appendAudit(db, entry(i));
    const [head] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 8');
    await db.close();
    anchors = join(await mkdtemp(join(tmpdir(), 'dangky-anchors-')), 'anchors.txt');
    await writeFile(anchors, `# kept on paper\n2026-11-22 8 ${head!.hash}\n`);
  });
  afterAll(() => target.cleanup());

  /** Tamper with the stored rows directly, as someone with database access could, then verify through the command line. */
  async function tamperThenVerify(statements: string[], args: string[] = []) {
    const db = await target.open();
    try {
      await asTamperer(db, statements);
    } finally {
      await db.close();
    }
    return cli(['audit', 'verify', ...args], target.env);
  }

  // Each tampering below breaks the chain earlier than the one before, so they build on each other.
  it('exits 0 on an intact chain, checked against an anchor kept elsewhere too', async () => {
    const { code, text } = await cli(['audit', 'verify'], target.env);
    expect(code).toBe(0);
    expect(text).toMatch(/^audit log whole: 8 entries, head 8 [0-9a-f]{64}$/);
    expect((await cli(['audit', 'verify', '--anchors', anchors], target.env)).code).toBe(0);
  });

  it('exits 1 naming entry 8 when the end was cut after an anchor kept elsewhere (and cannot see it without one)', async () => {
    const withAnchor = await tamperThenVerify(['DELETE FROM audit_log WHERE seq = 8'], ['--anchors', anchors]);
    expect(withAnchor).toEqual({ code: 1, text: expect.stringMatching(/^audit log BROKEN at entry 8: it is missing/) });
    expect((await cli(['audit', 'verify'], target.env)).code).toBe(0);
  });

  it('exits 1 naming entry 6 when its content was altered', async () => {
    const r = await tamperThenVerify([`UPDATE audit_log SET actor_id = 'someone.else' WHERE seq = 6`]);
    expect(r).toEqual({ code: 1, text: expect.stringMatching(/^audit log BROKEN at entry 6: it was changed/) });
  });

  it('exits 1 naming entry 3 when entries 3 and 4 were swapped', async () => {
    const r = await tamperThenVerify([
      'UPDATE audit_log SET seq = -3 WHERE seq = 3',
      'UPDATE audit_log SET seq = 3 WHERE seq = 4',
      'UPDATE audit_log SET seq = 4 WHERE seq = -3',
    ]);
    expect(r).toEqual({ code: 1, text: expect.stringMatching(/^audit log BROKEN at entry 3: it does not follow the entry before it/) });
  });

  it('exits 1 naming entry 2 when it was deleted', async () => {
    const r = await tamperThenVerify(['DELETE FROM audit_log WHERE seq = 2']);
    expect(r).toEqual({ code: 1, text: expect.stringMatching(/^audit log BROKEN at entry 2: it is missing/) });
  });

  it('runs as `npx dangky-server`, with its exit code', () => {
    const bin = resolve(import.meta.dirname, '../bin/dangky-server.js');
    const r = spawnSync(process.execPath, [bin, 'audit', 'verify', '--json'], { env: { ...process.env, ...target.env }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ ok: false, firstBroken: 2, reason: 'missing' });
    expect(spawnSync(process.execPath, [bin, 'audit'], { encoding: 'utf8' }).status).toBe(2);
  });
});
