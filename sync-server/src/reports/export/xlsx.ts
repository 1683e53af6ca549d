import type { ExportCell, ExportColumn, ExportTable } from './export-table.ts';
import { zipStore } from './zip-store.ts';

/**
 * The same tables as an Office Open XML workbook (one sheet per table). Cells are typed — numbers
 * are numbers, days are date serials with the built-in short-date format, percentages carry a
 * percent format — so a spreadsheet shows them in its own regional settings (Vietnamese:
 * 02/03/2026, 12,5) and can sum them; text is inline, so no shared-string table is needed.
 */
/** XML 1.0 cannot hold most control characters, even escaped: they are dropped. */
const xmlAllowed = (ch: string): boolean => ch >= ' ' || ch === '\t' || ch === '\n' || ch === '\r';

const xml = (s: string): string =>
  [...s].filter(xmlAllowed).join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Style ids in styles.xml below: 0 general, 1 date (built-in 14), 2 one decimal, 3 percent with one decimal, 4 bold header. */
const STYLE: Record<ExportColumn['kind'], number> = { text: 0, integer: 0, day: 1, decimal: 2, percent: 3 };

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Days since 1899-12-30, the spreadsheet date serial (1900 date system). */
const dateSerial = (day: string): number => (Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cell(value: ExportCell, column: ExportColumn, ref: string): string {
  if (value === null) return '';
  const style = STYLE[column.kind];
  const s = style ? ` s="${style}"` : '';
  if (column.kind === 'day' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return `<c r="${ref}"${s}><v>${dateSerial(value)}</v></c>`;
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"${s}><v>${value}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(String(value))}</t></is></c>`;
}

function sheetXml(table: ExportTable): string {
  const header = table.columns.map((c, i) => `<c r="${columnName(i)}1" t="inlineStr" s="4"><is><t>${xml(c.header)}</t></is></c>`).join('');
  const rows = table.rows.map(
    (row, r) => `<row r="${r + 2}">${table.columns.map((c, i) => cell(row[i] ?? null, c, `${columnName(i)}${r + 2}`)).join('')}</row>`,
  );
  const widths = table.columns.map(
    (c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(12, c.header.length + 4))}" customWidth="1"/>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<cols>${widths.join('')}</cols><sheetData><row r="1">${header}</row>${rows.join('')}</sheetData></worksheet>`
  );
}

/** A sheet name Excel accepts: ≤ 31 characters, none of `[]:*?/\`, unique in the workbook. */
const sheetName = (name: string, i: number): string =>
  (name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 28) || 'Sheet') + (i ? ` ${i + 1}` : '');

export function tablesXlsx(tables: readonly ExportTable[]): Uint8Array {
  const enc = new TextEncoder();
  const names = tables.map((t, i) => sheetName(t.name, tables.findIndex((u) => u.name === t.name) === i ? 0 : i));
  const entries = [
    {
      path: '[Content_Types].xml',
      text:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        tables
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        `</Types>`,
    },
    {
      path: '_rels/.rels',
      text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      path: 'xl/workbook.xml',
      text:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
        names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets></workbook>`,
    },
    {
      path: 'xl/_rels/workbook.xml.rels',
      text:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        tables
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${tables.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    { path: 'xl/styles.xml', text: STYLES },
    ...tables.map((t, i) => ({ path: `xl/worksheets/sheet${i + 1}.xml`, text: sheetXml(t) })),
  ];
  return zipStore(entries.map((e) => ({ path: e.path, data: enc.encode(e.text) })));
}
