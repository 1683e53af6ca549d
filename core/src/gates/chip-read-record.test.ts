import { describe, expect, it } from 'vitest';
import { chipReadRecord } from './chip-read-record.ts';

const registered = { idNumber: '079190012345', fullName: 'Nguyễn Thị Thử', birthDate: '1990-05-17', sex: 'F' as const };
const read = (identity: Record<string, unknown>, verdict: 'verified' | 'not-verified' | 'failed' = 'verified') => ({
  verdict,
  access: 'PACE' as const,
  identity: { ...registered, ...identity },
});

describe('chipReadRecord', () => {
  it.each([
    ['every field as registered', {}, { idNumber: 'match', fullName: 'match', birthDate: 'match', sex: 'match' }],
    ['case and spacing of the name do not count', { fullName: ' nguyễn  THỊ thử ' }, { fullName: 'match' }],
    ['a tone mark does', { fullName: 'Nguyễn Thị Thứ' }, { fullName: 'mismatch' }],
    ['another birth date', { birthDate: '1990-05-18' }, { birthDate: 'mismatch' }],
    ['a chip without the sex', { sex: undefined }, { sex: 'absent' }],
  ] as const)('%s', (_, identity, fields) => {
    expect(chipReadRecord(registered, read(identity), '2026-11-29').fields).toMatchObject(fields);
  });

  it.each([
    ['no expiry said', undefined, 'unknown'],
    ['a card that never expires', null, 'valid'],
    ['valid through its expiry day', '2026-11-29', 'valid'],
    ['expired the day before', '2026-11-28', 'expired'],
  ] as const)('card expiry: %s', (_, expiryDate, verdict) => {
    expect(chipReadRecord(registered, read({ expiryDate }), '2026-11-29').cardExpiry).toBe(verdict);
  });

  it('keeps the verdict and the access, and no value of the chip', () => {
    const record = chipReadRecord(registered, read({ fullName: 'Trần Văn Khác' }, 'not-verified'), '2026-11-29');
    expect(record).toMatchObject({ verdict: 'not-verified', access: 'PACE' });
    expect(JSON.stringify(record)).not.toContain('Trần');
  });
});
