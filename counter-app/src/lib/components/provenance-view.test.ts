import { describe, expect, it } from 'vitest';
import { buildIdentityProvenance, parseQr } from '@dangky/core/id';
import { vi } from '../i18n/vi.ts';
import { checkRows, fieldRows, type Translate } from './provenance-view.ts';

/** The "Nguồn dữ liệu và kiểm tra" section's rows, in Vietnamese, for synthetic people. */

/** The catalogue as svelte-i18n formats it: a missing key comes back as itself. */
const t: Translate = (key, options) => {
  const found = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), vi);
  if (typeof found !== 'string') return key;
  return found.replace(/\{(\w+)\}/g, (_, name: string) => String(options?.values?.[name] ?? `{${name}}`));
};

const qr = parseQr('079190012301||Phạm Thị Thu Hà|07031990|Nữ|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|20042021');
const typed = { idNumber: qr.idNumber, fullName: qr.fullName, birthDate: qr.birthDate, sex: qr.sex, address: qr.address };

describe('provenance rows', () => {
  it('a QR read: every field badged QR, the passed checks in Vietnamese', () => {
    const p = buildIdentityProvenance({ qr, submitted: typed, today: '2026-11-29' });
    expect(fieldRows(p, t).map((r) => `${r.label}: ${r.sourceLabel}${r.edited ? ` (${r.edited.label})` : ''}`)).toEqual([
      'Số định danh: QR',
      'Họ và tên: QR',
      'Ngày sinh: QR',
      'Giới tính: QR',
      'Nơi thường trú: QR',
    ]);
    expect(checkRows(p, t).map((r) => `${r.icon} ${r.message}`)).toEqual([
      '✓ Số định danh, họ tên, ngày sinh, giới tính gửi đi khớp với mã QR',
      '✓ Số định danh khớp năm sinh, giới tính và mã tỉnh',
    ]);
  });

  it('problems first: the registry message with what it is about; an edited field says from which reading', () => {
    const p = buildIdentityProvenance({ qr, submitted: { ...typed, birthDate: '1991-03-07' }, today: '2026-11-29' });
    const rows = checkRows(p, t);
    expect(rows.map((r) => r.outcome)).toEqual(['warning', 'passed']);
    expect(rows[0]).toMatchObject({
      icon: '⚠',
      code: 'DK_ERR_ID_SOURCES_DISAGREE',
      message: 'Thông tin đọc từ thẻ không khớp nhau. Cán bộ vui lòng kiểm tra.',
      about: 'Ngày sinh · mã QR ↔ thông tin gửi đi',
    });
    const birth = fieldRows(p, t).find((r) => r.field === 'birthDate');
    expect(birth).toMatchObject({ sourceLabel: 'Nhập tay', edited: { label: 'đã sửa', hint: 'Công dân đã sửa giá trị đọc từ mã QR' } });
  });

  it('an ID number whose structure disagrees with the birth year is a warning with the registry text', () => {
    const p = buildIdentityProvenance({ submitted: { ...typed, birthDate: '1985-03-07' }, today: '2026-11-29' });
    expect(checkRows(p, t)).toEqual([
      expect.objectContaining({
        outcome: 'warning',
        icon: '⚠',
        message: 'Năm sinh trong số định danh khác năm sinh trên thẻ. Cán bộ vui lòng kiểm tra.',
        about: 'theo thông tin gửi đi',
      }),
    ]);
  });

  it('a code the catalogue does not know is shown as the code, not hidden', () => {
    const rows = checkRows({ fields: {}, checks: [{ check: 'other', outcome: 'error', code: 'DK_ERR_FROM_A_NEWER_KIOSK' }] }, t);
    expect(rows[0]).toMatchObject({ icon: '✗', message: 'DK_ERR_FROM_A_NEWER_KIOSK' });
  });
});
