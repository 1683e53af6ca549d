/**
 * What only PostgreSQL has: roles and privileges. The server's own role cannot rewrite the audit
 * log, even by switching its triggers off, because the privilege check comes first. (This file
 * runs in the PostgreSQL project only; PGlite has a single superuser.)
 */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openDb } from '../../src/db/open.ts';
import { appendAudit } from '../../src/audit/append-audit.ts';
import { verifyAudit } from '../../src/audit/verify-audit.ts';
import { freshPostgresUrl } from '../harness.ts';

const entry = (i: number) => ({
  actorId: 'admin.hcm',
  actorRole: 'admin',
  action: 'site.updated',
  siteId: 'hcm-ben-thanh',
  provinceCode: '79',
  target: `site:hcm-ben-thanh`,
  detail: { field: `name-${i}`, changed: true, n: i },
});

describe('the server’s database role on PostgreSQL', () => {
  it('cannot UPDATE, DELETE or TRUNCATE the audit log even with its triggers disabled (privileges revoked)', async () => {
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    const role = `app_${Math.random().toString(36).slice(2, 10)}`;
    await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
    await admin.end();
    const db = await openDb({ DATABASE_URL: await freshPostgresUrl(role), dataDir: '' });
    try {
      await appendAudit(db, entry(1));
      for (const sql of ['UPDATE audit_log SET action = $$x.y$$', 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await expect(db.query(sql), sql).rejects.toThrow(/permission denied/);
      }
      // Even the owner switching its own triggers off gains nothing: the privilege check comes first.
      await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
      expect((await verifyAudit(db)).ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});
