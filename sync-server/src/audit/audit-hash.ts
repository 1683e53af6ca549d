import { hash } from 'node:crypto';

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

// Written out rather than mapped over an array: the verifier builds a million of these.
export const auditBody = (r: Omit<StoredAuditRow, 'prev_hash' | 'hash'>): string =>
  `[${r.seq},${JSON.stringify(r.at)},${JSON.stringify(r.actor_id)},${JSON.stringify(r.actor_role)},${JSON.stringify(r.action)},` +
  `${JSON.stringify(r.site_id)},${JSON.stringify(r.province_code)},${JSON.stringify(r.target)},${r.detail}]`;

// The one-shot hash: half the cost of createHash for inputs this small.
export const auditHash = (prevHash: string, body: string): string => hash('sha256', prevHash + body, 'hex');

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
 * One page of stored rows, oldest first, as a single text: one string per page is many times
 * cheaper to carry out of either driver than a row object per entry, and plain concatenation is
 * cheaper for the database to build than JSON (no escaping). Records are separated by U+001E,
 * fields by U+001F; each nullable field is `=` and its value, or `-` for NULL, so no stored text
 * can pass for NULL. A stored value holding a separator yields a record of the wrong shape, which
 * the parser reports as changed. `at` comes as microseconds since the epoch and is formatted here
 * as it was hashed (formatting in SQL, `to_char`, costs more than all the rest together).
 * Pages stay small enough that the database sorts them in memory.
 */
export const AUDIT_PAGE_SQL = `SELECT string_agg(concat_ws(chr(31), seq, (extract(epoch FROM at) * 1000000)::bigint, actor_id, actor_role, action,
    coalesce('=' || site_id, '-'), coalesce('=' || province_code, '-'), coalesce('=' || target, '-'), detail, prev_hash, hash),
    chr(30) ORDER BY seq) AS page
  FROM (SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2) AS t`;

export const AUDIT_PAGE_SIZE = 5_000;

/** A stored record that does not have the shape every appended entry has: something wrote it by hand. */
export interface MalformedAuditRecord {
  malformed: true;
}

const FIELDS = 11;

export function parseAuditPage(page: string | null): (StoredAuditRow | MalformedAuditRecord)[] {
  if (!page) return [];
  return page.split('\u001e').map((record) => {
    const f = record.split('\u001f');
    if (f.length !== FIELDS) return { malformed: true };
    const nullable = (v: string) => (v === '-' ? null : v.startsWith('=') ? v.slice(1) : undefined);
    const [siteId, provinceCode, target] = [nullable(f[5]!), nullable(f[6]!), nullable(f[7]!)];
    if (siteId === undefined || provinceCode === undefined || target === undefined) return { malformed: true };
    return {
      seq: Number(f[0]),
      at: utcMicros(f[1]!),
      actor_id: f[2]!,
      actor_role: f[3]!,
      action: f[4]!,
      site_id: siteId,
      province_code: provinceCode,
      target,
      detail: f[8]!,
      prev_hash: f[9]!,
      hash: f[10]!,
    };
  });
}

/**
 * Microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.uuuuuuZ`, the form the appender hashed.
 * Entries come in bursts within the same second, so the date and time up to the second are
 * formatted once per second — building a Date per entry was most of the cost of reading a page.
 */
let lastSecond = NaN;
let lastPrefix = '';
export function utcMicros(micros: string): string {
  const us = Number(micros);
  const second = Math.floor(us / 1_000_000);
  if (second !== lastSecond) {
    lastPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    lastSecond = second;
  }
  return `${lastPrefix}.${String(us - second * 1_000_000).padStart(6, '0')}Z`;
}
