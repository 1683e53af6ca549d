import { z } from 'zod';

/**
 * How long the server keeps a citizen's personal data after their registration ends. Decree
 * 13/2023 and the Law on Personal Data Protection ask that personal data be kept no longer than
 * its purpose needs: a completed registration's data serves complaints and the token's care for
 * a while (default 90 days); a cancelled one served nothing, so it goes sooner (default 30 days).
 * A registration still open is never due. After that, its data key is destroyed
 * (crypto-shredding): what was sealed with it becomes unreadable everywhere it was stored, while
 * counts and the audit chain, which hold no personal data, stay whole.
 */
export const retentionPolicy = z.object({
  completedDays: z.number().int().min(1).max(3_650).default(90),
  cancelledDays: z.number().int().min(1).max(3_650).default(30),
});
export type RetentionPolicy = z.infer<typeof retentionPolicy>;

export const defaultRetentionPolicy: RetentionPolicy = retentionPolicy.parse({});

const DAY_MS = 86_400_000;

/** For each finished status, the latest finishing time whose data is due for shredding at `now`. */
export function retentionCutoffs(now: Date, policy: RetentionPolicy): { completed: Date; cancelled: Date } {
  return {
    completed: new Date(now.getTime() - policy.completedDays * DAY_MS),
    cancelled: new Date(now.getTime() - policy.cancelledDays * DAY_MS),
  };
}

/** When a registration's personal data is to be erased, or null while it is open (its data is needed). */
export function erasureDue(status: string, finishedAt: string | null, policy: RetentionPolicy): Date | null {
  if (finishedAt === null) return null;
  const days = status === 'completed' ? policy.completedDays : status === 'cancelled' ? policy.cancelledDays : null;
  return days === null ? null : new Date(Date.parse(finishedAt) + days * DAY_MS);
}

/** Whether a registration's personal data is due for shredding at `now`. */
export const isDueForShredding = (status: string, finishedAt: string | null, now: Date, policy: RetentionPolicy): boolean => {
  const due = erasureDue(status, finishedAt, policy);
  return due !== null && due.getTime() <= now.getTime();
};
