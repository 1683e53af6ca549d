import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chipCorrections, compareWithChip } from './chip-comparison.ts';

const registered = { idNumber: '001099012345', fullName: 'Nguyễn Văn An', birthDate: '1999-05-15', sex: 'M' };

describe('compareWithChip', () => {
  it('matches despite Unicode form, spacing and case; not despite a tone mark', () => {
    const nfd = 'Nguyễn Văn An'.normalize('NFD');
    expect(compareWithChip(registered, { ...registered, fullName: `  ${nfd.toUpperCase()} ` })).toEqual({
      idNumber: 'match',
      fullName: 'match',
      birthDate: 'match',
      sex: 'match',
    });
    expect(compareWithChip(registered, { ...registered, fullName: 'Nguyến Văn An' }).fullName).toBe('mismatch');
  });

  it('says absent for what the chip does not carry, and mismatch for what the registration lacks', () => {
    expect(compareWithChip({ ...registered, sex: '' }, { idNumber: registered.idNumber, sex: 'M' })).toEqual({
      idNumber: 'match',
      fullName: 'absent',
      birthDate: 'absent',
      sex: 'mismatch',
    });
  });

  it('finds every field equal to itself', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(fc.record({ idNumber: text, fullName: text, birthDate: text, sex: text }), (values) => {
        expect(Object.values(compareWithChip(values, values)).every((m) => m === 'match')).toBe(true);
      }),
    );
  });
});

describe('chipCorrections: before/after, field by field', () => {
  it('replaces what the chip says differently, leaves the rest', () => {
    expect(chipCorrections(registered, { ...registered, fullName: 'Nguyễn Văn Ân', birthDate: '1999-05-16' })).toEqual([
      { field: 'fullName', before: 'Nguyễn Văn An', after: 'Nguyễn Văn Ân' },
      { field: 'birthDate', before: '1999-05-15', after: '1999-05-16' },
    ]);
    expect(chipCorrections(registered, registered)).toEqual([]);
  });
});
