import { createHash } from 'node:crypto';

/**
 * The chain's hash: SHA-256 over `prev_hash || body`, body the JSON array
 * [seq, at, actor_id, actor_role, action, site_id, province_code, target, detail] — `at` in UTC
 * with microseconds, `detail` spliced in as the stored canonical JSON text. The appender builds
 * it from what it is about to store; the verifier rebuilds it from what is stored.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface StoredAuditRow {
  seq: number;
  /** `YYYY-MM-DDTHH:MM:SS.uuuuuuZ` */
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  site_id: string | null;
  province_code: string | null;
  target: string | null;
  /** Canonical JSON text (keys sorted). */
  detail: string;
  prev_hash: string;
  hash: string;
}

export function auditBody(r: Omit<StoredAuditRow, 'prev_hash' | 'hash'>): string {
  const fields = [r.seq, r.at, r.actor_id, r.actor_role, r.action, r.site_id, r.province_code, r.target].map((v) => JSON.stringify(v));
  return `[${fields.join(',')},${r.detail}]`;
}

export const auditHash = (prevHash: string, body: string): string =>
  createHash('sha256')
    .update(prevHash + body, 'utf8')
    .digest('hex');

/** JSON with object keys sorted at every level, so equal details are stored as equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * One page of stored rows, oldest first, as a single JSON text: parsing one string is many
 * times faster than building a row object per entry in either driver, and JSON carries every
 * stored string exactly. `at` is formatted as it was hashed.
 */
export const AUDIT_PAGE_SQL = `SELECT COALESCE(json_agg(json_build_array(seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_id, actor_role, action, site_id, province_code, target, detail, prev_hash, hash) ORDER BY seq)::text, '[]') AS page
  FROM (SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2) AS t`;

type PageRow = [number, string, string, string, string, string | null, string | null, string | null, string, string, string];

export function parseAuditPage(page: string): StoredAuditRow[] {
  return (JSON.parse(page) as PageRow[]).map(
    ([seq, at, actor_id, actor_role, action, site_id, province_code, target, detail, prev_hash, hash]) => ({
      seq: Number(seq),
      at,
      actor_id,
      actor_role,
      action,
      site_id,
      province_code,
      target,
      detail,
      prev_hash,
      hash,
    }),
  );
}
