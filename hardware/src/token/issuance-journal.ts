import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { tokenIssueStep, tokenKeyType } from '@dangky/core/agent';
import { issuanceStart, type IssuanceStart } from '@dangky/core/gates';
import { uuidV7 } from '@dangky/core/schemas';

/**
 * The agent's issuance journal: one small file per registration saying what the token and the
 * CA have been asked to do for it, so that an issuance is never started twice — not when the
 * counter's page reloads mid-way and asks again, and not after the agent itself was stopped
 * half-way (core's `issuanceStart` decides from an entry). It holds ids and states only: the
 * registration id, the token's serial and slot, the key's CKA_ID, the CA's request id and the
 * certificate's serial and validity, the step reached and the outcome's code. Never a PIN, a
 * name, an ID number or the certificate (which names the citizen: it is on the token).
 *
 * Each change is written to a new file, synced, and renamed over the old one (then the
 * directory is synced), before the step it announces is taken: after a power cut an entry says
 * at least as much as was done. Files are owner-only; settled entries older than `keepDays`
 * (by then the server's one-certificate gate holds the registration) are removed when the
 * journal opens.
 */

const isoInstant = z.iso.datetime({ offset: true });

export const issuanceRecord = z.object({
  registrationId: uuidV7,
  state: z.enum(['running', 'issued', 'failed']),
  startedAt: isoInstant,
  updatedAt: isoInstant,
  slotId: z.string().max(32),
  tokenSerial: z.string().max(16),
  keyType: tokenKeyType,
  /** The provider whose CA certifies it; null for the built-in CA. */
  providerId: z.string().max(32).nullable(),
  /** CKA_ID of the key pair (and certificate) on the token, hex; null until key generation is about to start. */
  keyId: z
    .string()
    .regex(/^[0-9a-f]{2,64}$/)
    .nullable(),
  doneSteps: z.array(tokenIssueStep),
  currentStep: tokenIssueStep.nullable(),
  /** The request id the CA knows the certificate request by; set before the request is sent. */
  caRequestId: z.string().max(64).nullable(),
  certifySent: z.boolean(),
  certificateSerial: z
    .string()
    .regex(/^[0-9a-f]{2,64}$/)
    .nullable(),
  notBefore: isoInstant.nullable(),
  notAfter: isoInstant.nullable(),
  certificateRevoked: z.boolean().nullable(),
  /** The CA was asked what the request issued and answered: nothing. */
  caFoundNone: z.boolean(),
  /** The token was erased after a failure; null = nothing had been written to it. */
  wiped: z.boolean().nullable(),
  /** The failure's registry code (state `failed`). */
  code: z
    .string()
    .regex(/^DK_ERR_[A-Z0-9_]+$/)
    .nullable(),
  failedStep: tokenIssueStep.nullable(),
  /** The test signature's algorithm (state `issued`). */
  algorithm: z.string().max(64).nullable(),
});
export type IssuanceRecord = z.infer<typeof issuanceRecord>;

/** core's decision for an entry; `live`: this agent process is running it now. */
export const startDecisionOf = (record: IssuanceRecord | null, live: boolean): IssuanceStart =>
  issuanceStart(record && { ...record, live });

export interface IssuanceJournal {
  read(registrationId: string): Promise<IssuanceRecord | null>;
  /** Writes the entry whole and durably; resolves once it would survive a power cut. */
  write(record: IssuanceRecord): Promise<void>;
  /** Every entry (for the agent's start: entries still `running` were interrupted). */
  all(): Promise<IssuanceRecord[]>;
}

const DAY_MS = 86_400_000;

export async function openIssuanceJournal(dir: string, options: { keepDays?: number; now?: () => Date } = {}): Promise<IssuanceJournal> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = options.now ?? (() => new Date());
  const fileOf = (registrationId: string) => join(dir, `${uuidV7.parse(registrationId)}.json`);

  const read = async (registrationId: string): Promise<IssuanceRecord | null> => {
    let text: string;
    try {
      text = await readFile(fileOf(registrationId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // A damaged entry is not "nothing recorded": that would let a second issuance start.
    return issuanceRecord.parse(JSON.parse(text));
  };

  const write = async (record: IssuanceRecord): Promise<void> => {
    const path = fileOf(record.registrationId);
    const tmp = `${path}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(issuanceRecord.parse(record)));
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  };

  const all = async (): Promise<IssuanceRecord[]> => {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
    const records = await Promise.all(names.map((n) => read(n.slice(0, -'.json'.length)).catch(() => null)));
    return records.filter((r): r is IssuanceRecord => r !== null);
  };

  const keepMs = (options.keepDays ?? 90) * DAY_MS;
  for (const record of await all())
    // Only what needs nothing more: an issued entry, or a failure that left no live certificate.
    if (
      record.state !== 'running' &&
      startDecisionOf(record, false).action !== 'refuse' &&
      now().getTime() - Date.parse(record.updatedAt) > keepMs
    )
      await unlink(fileOf(record.registrationId)).catch(() => undefined);

  return { read, write, all };
}
