import { z } from 'zod';
import { isoDate, siteId } from '../schemas/primitives.ts';

/**
 * One entry of the audit log: who did what, where, to which thing — references and codes only,
 * never a citizen's personal data (no names, ID numbers, phones, addresses). The schema makes
 * that hard to get wrong: values are short tokens without spaces, and a value made only of 9 or
 * more digits (an ID number, an old CMND number, a phone number) is refused.
 *
 * The log itself (hash chain, anchors, verification) lives in the sync-server; this is the shape
 * every part of the system appends and reads.
 */

/** `subject.verb` like the event grammar: `site.created`, `auth.sign-in-failed`, `token.issued`. */
export const auditAction = z
  .string()
  .max(64)
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);

/** A staff id, `device:<id>`, or `system` (the operator's command line). */
export const auditActorId = z
  .string()
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._:-]{1,79}$/);

/** What the action was done to: `registration:<uuid>`, `device:<id>`, `staff:<id>`, `site:<id>` … */
export const auditTarget = z
  .string()
  .max(120)
  .regex(/^[a-z-]+:[A-Za-z0-9._:@-]{1,110}$/);

const looksPersonal = (s: string) => /^\+?\d{9,}$/.test(s);
const detailValue = z.union([
  z
    .string()
    .max(128)
    .regex(/^[\p{L}\p{N}._:@/+-]*$/u)
    .refine((s) => !looksPersonal(s), { error: 'DK_ERR_AUDIT_PERSONAL_DATA' }),
  z
    .number()
    .int()
    .min(-(2 ** 53) + 1)
    .max(2 ** 53 - 1),
  z.boolean(),
  z.null(),
  z
    .array(
      z
        .string()
        .max(64)
        .regex(/^[\p{L}\p{N}._:@/+-]*$/u),
    )
    .max(50),
]);

export const auditDetail = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/), detailValue)
  .refine((d) => Object.keys(d).length <= 20);
export type AuditDetail = z.infer<typeof auditDetail>;

/** What a caller appends; the log adds the sequence, time and hashes. */
export const auditEntryInput = z.object({
  actorId: auditActorId,
  /** The actor's role when acting (`clerk` … `admin`), `device` or `operator`. */
  actorRole: z.string().max(32),
  action: auditAction,
  siteId: siteId.nullish(),
  provinceCode: z
    .string()
    .regex(/^\d{2}$/)
    .nullish(),
  target: auditTarget.nullish(),
  detail: auditDetail.optional(),
});
export type AuditEntryInput = z.input<typeof auditEntryInput>;

/** A stored entry as searched and shown. */
export const auditEntry = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
  actorId: z.string(),
  actorRole: z.string(),
  action: z.string(),
  siteId: z.string().nullable(),
  provinceCode: z.string().nullable(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** Managers search by person, action, site and day (Ho Chi Minh); newest first, paged by `before`. */
export const auditQuery = z.object({
  actorId: z.string().trim().max(80).optional(),
  action: z.string().trim().max(64).optional(),
  siteId: siteId.optional(),
  day: isoDate.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditPage = z.object({
  entries: z.array(auditEntry),
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPage>;

/** The head of the chain at the end of a Ho Chi Minh day. */
export const auditAnchor = z.object({ day: isoDate, seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) });
export type AuditAnchor = z.infer<typeof auditAnchor>;

/** What verification found: whole, or the first entry that is not what was appended. */
export const auditVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), head: z.object({ seq: z.number().int(), hash: z.string() }).nullable() }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int(),
    firstBroken: z.number().int(),
    reason: z.enum(['missing', 'out-of-order', 'hash-mismatch', 'prev-mismatch', 'anchor-mismatch']),
  }),
]);
export type AuditVerification = z.infer<typeof auditVerification>;
