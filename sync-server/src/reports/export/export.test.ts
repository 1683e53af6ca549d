import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableCsvVi } from './csv-vi.ts';
import type { ExportTable } from './export-table.ts';
import { tablesXlsx } from './xlsx.ts';
import { crc32 } from './zip-store.ts';

const table: ExportTable = {
  name: 'Thời gian chờ',
  columns: [
    { header: 'Ngày', kind: 'day' },
    { header: 'Điểm đăng ký', kind: 'text' },
    { header: 'Số lượt gọi', kind: 'integer' },
    { header: 'Chờ trung bình (phút)', kind: 'decimal' },
    { header: 'Tỉ lệ vắng mặt', kind: 'percent' },
  ],
  rows: [
    ['2026-03-02', 'UBND phường Bến Thành', 12, 7.25, 0.125],
    // A day with nothing is still a row; a name that looks like a formula stays text.
    ['2026-03-03', '=HYPERLINK("http://x")', 0, null, 0],
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'dangky-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exports a Vietnamese spreadsheet opens correctly', () => {
  it('CSV: BOM, semicolons, decimal comma, day/month/year, formulas neutralised', () => {
    const csv = tableCsvVi(table);
    expect(csv.startsWith('\uFEFFNgày;Điểm đăng ký;Số lượt gọi;Chờ trung bình (phút);Tỉ lệ vắng mặt\r\n')).toBe(true);
    expect(csv).toContain('02/03/2026;UBND phường Bến Thành;12;7,3;12,5%\r\n');
    expect(csv).toContain(`03/03/2026;"'=HYPERLINK(""http://x"")";0;;0,0%\r\n`);
  });

  it('CRC-32 is the standard one', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('XLSX: an independent reader (openpyxl) finds the Vietnamese headers, typed numbers, dates and percent format', () => {
    const file = join(dir, 'stats.xlsx');
    writeFileSync(file, tablesXlsx([table, { ...table, name: 'Giờ cao điểm: [tuần]' }]));
    const script = [
      'import json, sys, warnings',
      'warnings.simplefilter("error")',
      'import openpyxl',
      'wb = openpyxl.load_workbook(sys.argv[1])',
      'out = {"sheets": wb.sheetnames, "rows": [], "formats": []}',
      'ws = wb.worksheets[0]',
      'for row in ws.iter_rows(values_only=True): out["rows"].append([v.isoformat() if hasattr(v, "isoformat") else v for v in row])',
      'out["formats"] = [c.number_format for c in ws[2]]',
      'out["types"] = [c.data_type for c in ws[3]]',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { sheets: string[]; rows: unknown[][]; formats: string[]; types: string[] };
    expect(out.sheets).toEqual(['Thời gian chờ', 'Giờ cao điểm   tuần']);
    expect(out.rows).toEqual([
      ['Ngày', 'Điểm đăng ký', 'Số lượt gọi', 'Chờ trung bình (phút)', 'Tỉ lệ vắng mặt'],
      ['2026-03-02T00:00:00', 'UBND phường Bến Thành', 12, 7.25, 0.125],
      ['2026-03-03T00:00:00', '=HYPERLINK("http://x")', 0, null, 0],
    ]);
    // Built-in format 14 is the short date of the reader's regional settings (dd/mm/yyyy in Vietnamese).
    expect(out.formats).toEqual(['mm-dd-yy', 'General', 'General', '0.0', '0.0%']);
    expect(out.types[1]).toBe('s'); // text, never a formula
  });

  it('the same table gives the same bytes (fixed zip times)', () => {
    expect(tablesXlsx([table])).toEqual(tablesXlsx([table]));
  });
});
