import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AuditVerification } from '@dangky/core/audit';
import { anchorAuditDays, auditHead, listAnchors } from '../audit/anchor-audit.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import type { CliGroup, CliIo } from './main.ts';
import { openCliDb } from './open-cli-db.ts';

const usage = `usage:
  dangky-server audit verify [--anchors FILE] [--json]
      Recompute the hash chain; exit 0 when whole, 1 naming the first broken entry.
      FILE: anchors kept outside the database, one "YYYY-MM-DD SEQ HASH" per line (what \`audit anchors\` prints).
  dangky-server audit anchors
      Anchor every finished day that has no anchor yet, then print all anchors and the current head.`;

const reasons: Record<Extract<AuditVerification, { ok: false }>['reason'], string> = {
  missing: 'is missing (removed, or the log was cut short after an anchor)',
  'out-of-order': 'is out of order',
  'hash-mismatch': 'was changed: its content no longer matches its hash',
  'prev-mismatch': 'does not follow the entry before it (entries removed, swapped or reordered)',
  'anchor-mismatch': 'differs from the anchor taken of it',
};

export const run: CliGroup = async ([command, ...args], io) => {
  if (command === 'verify') return verify(args, io);
  if (command === 'anchors') return anchors(io);
  io.err(usage);
  return 2;
};

async function verify(args: string[], io: CliIo): Promise<number> {
  let values: { anchors?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { anchors: { type: 'string' }, json: { type: 'boolean' } } }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  let externalAnchors: { seq: number; hash: string }[] = [];
  if (values.anchors) {
    const parsed = parseAnchorLines(await readFile(values.anchors, 'utf8'));
    if (typeof parsed === 'string') {
      io.err(`${values.anchors}: ${parsed}`);
      return 2;
    }
    externalAnchors = parsed;
  }
  const db = await openCliDb(io);
  try {
    const result = await verifyAudit(db, { externalAnchors });
    if (values.json) io.out(JSON.stringify(result));
    else if (result.ok)
      io.out(`audit log whole: ${result.entries} entries${result.head ? `, head ${result.head.seq} ${result.head.hash}` : ''}`);
    else
      io.out(
        `audit log BROKEN at entry ${result.firstBroken}: it ${reasons[result.reason]} (${result.entries} entries before it are whole)`,
      );
    return result.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

async function anchors(io: CliIo): Promise<number> {
  const db = await openCliDb(io);
  try {
    await anchorAuditDays(db);
    for (const a of (await listAnchors(db)).reverse()) io.out(`${a.day} ${a.seq} ${a.hash}`);
    const head = await auditHead(db);
    io.out(head ? `# head now: ${head.seq} ${head.hash}` : '# the audit log is empty');
    return 0;
  } finally {
    await db.close();
  }
}

/** "YYYY-MM-DD SEQ HASH" lines; `#` comments and blank lines ignored. A string is what is wrong. */
export function parseAnchorLines(text: string): { seq: number; hash: string }[] | string {
  const out: { seq: number; hash: string }[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^\d{4}-\d{2}-\d{2}\s+(\d{1,15})\s+([0-9a-f]{64})$/.exec(t);
    if (!m) return `line ${i + 1} is not "YYYY-MM-DD SEQ HASH"`;
    out.push({ seq: Number(m[1]), hash: m[2]! });
  }
  return out;
}
