import { describe, expect, it } from 'vitest';
import { buildTd1 } from '@dangky/core/id';
import { mrzReadingFromText } from './mrz-reading.ts';

const today = '2026-11-29';
// A synthetic citizen (no real person), Vietnamese layout.
const lines = buildTd1({ issuingState: 'VNM', idNumber: '079190012301', birthDate: '1990-03-07', sex: 'F', expiryDate: '2030-03-07', nationality: 'VNM', surname: 'PHAM', givenNames: 'THI THU HA' });

describe('mrzReadingFromText', () => {
  it.each([
    ['clean text', lines.join('\n')],
    ['noise lines around it and a trailing newline', `PHAN MEM\n${lines.join('\n')}\n`],
    ['a letter O for a digit 0 that the check digit proves', lines.join('\n').replace('079190012301', '0791900123O1')],
  ])('reads %s', (_, text) => {
    const r = mrzReadingFromText(text, { today });
    expect(r?.fields).toMatchObject({ layout: 'VNM', idNumber: '079190012301', birthDate: '1990-03-07', sex: 'F', fullName: 'PHAM THI THU HA' });
    expect(r?.checks.filter((c) => c.kind === 'check-digit').every((c) => c.ok)).toBe(true);
  });

  it.each([['empty', ''], ['two lines', lines.slice(0, 2).join('\n')], ['the card front', 'CONG HOA XA HOI CHU NGHIA VIET NAM\nCAN CUOC CONG DAN']])('is null for %s (the frame is skipped)', (_, text) => {
    expect(mrzReadingFromText(text, { today })).toBeNull();
  });
});
