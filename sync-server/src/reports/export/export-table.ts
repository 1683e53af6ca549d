/**
 * One table as a manager exports it: Vietnamese column headers (labels, not codes), typed cells,
 * rows in the order shown on screen. The CSV and the XLSX are written from the same table, so the
 * two files always hold the same figures.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'day';

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
}

/** `day` cells are `YYYY-MM-DD`; `percent` cells are fractions (0.125 = 12,5 %); `null` = empty. */
export type ExportCell = string | number | null;

export interface ExportTable {
  /** Sheet name (≤ 31 characters, no `[]:*?/\`). */
  name: string;
  columns: ExportColumn[];
  rows: ExportCell[][];
}
