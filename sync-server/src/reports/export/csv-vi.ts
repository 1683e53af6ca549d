import type { ExportCell, ExportColumn, ExportTable } from './export-table.ts';

/**
 * CSV that a spreadsheet set to Vietnamese regional settings opens as it should: Excel splits a
 * double-clicked CSV on the system's list separator, which for Vietnamese (decimal comma) is the
 * semicolon, and reads numbers with a decimal comma and dates as day/month/year. A UTF-8 BOM makes
 * it read the diacritics as UTF-8. (A `sep=;` line would force the separator but makes Excel ignore
 * the BOM, so it is not used.)
 */
const SEP = ';';

function cellText(value: ExportCell, column: ExportColumn): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (column.kind === 'percent') return `${(value * 100).toFixed(1).replace('.', ',')}%`;
    if (column.kind === 'decimal') return value.toFixed(1).replace('.', ',');
    return String(Math.round(value));
  }
  if (column.kind === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  return value;
}

const quote = (s: string): string => (/[";\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Text cells starting like a formula are quoted, and prefixed with `'`, so a spreadsheet never runs them. */
const neutralise = (s: string, column: ExportColumn): string => (column.kind === 'text' && /^[=+\-@]/.test(s) ? `'${s}` : s);

export function tableCsvVi(table: ExportTable): string {
  const lines = [
    table.columns.map((c) => quote(c.header)).join(SEP),
    ...table.rows.map((row) => table.columns.map((c, i) => quote(neutralise(cellText(row[i] ?? null, c), c))).join(SEP)),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
