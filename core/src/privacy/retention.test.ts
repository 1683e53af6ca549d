import { describe, expect, it } from 'vitest';
import { defaultRetentionPolicy, erasureDue, isDueForShredding, retentionCutoffs, retentionPolicy } from './retention.ts';

const policy = defaultRetentionPolicy;
const at = (iso: string) => new Date(iso);

describe('retention', () => {
  it('defaults: 90 days after completion, 30 after cancellation', () => {
    expect(policy).toEqual({ completedDays: 90, cancelledDays: 30 });
    expect(erasureDue('completed', '2026-01-01T00:00:00.000Z', policy)).toEqual(at('2026-04-01T00:00:00.000Z'));
    expect(erasureDue('cancelled', '2026-01-01T00:00:00.000Z', policy)).toEqual(at('2026-01-31T00:00:00.000Z'));
  });

  it.each(['waiting', 'called'])('keeps an open registration (%s) whatever its age', (status) => {
    expect(erasureDue(status, '2020-01-01T00:00:00.000Z', policy)).toBeNull();
    expect(isDueForShredding(status, '2020-01-01T00:00:00.000Z', at('2026-01-01T00:00:00Z'), policy)).toBe(false);
  });

  it('is due exactly at the end of the period, not a millisecond before', () => {
    const finished = '2026-01-01T00:00:00.000Z';
    expect(isDueForShredding('completed', finished, at('2026-03-31T23:59:59.999Z'), policy)).toBe(false);
    expect(isDueForShredding('completed', finished, at('2026-04-01T00:00:00.000Z'), policy)).toBe(true);
    expect(isDueForShredding('completed', null, at('2030-01-01T00:00:00.000Z'), policy)).toBe(false);
  });

  it('the cutoffs agree with the per-registration decision', () => {
    const now = at('2026-06-15T10:00:00.000Z');
    const { completed, cancelled } = retentionCutoffs(now, policy);
    expect(isDueForShredding('completed', completed.toISOString(), now, policy)).toBe(true);
    expect(isDueForShredding('completed', new Date(completed.getTime() + 1).toISOString(), now, policy)).toBe(false);
    expect(isDueForShredding('cancelled', cancelled.toISOString(), now, policy)).toBe(true);
  });

  it('refuses a period of zero days or over ten years', () => {
    expect(retentionPolicy.safeParse({ completedDays: 0 }).success).toBe(false);
    expect(retentionPolicy.safeParse({ cancelledDays: 3_651 }).success).toBe(false);
    expect(retentionPolicy.parse({ completedDays: 7 })).toEqual({ completedDays: 7, cancelledDays: 30 });
  });
});
