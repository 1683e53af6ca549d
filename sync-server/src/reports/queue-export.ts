import type { QueueFiguresView, QueueReportResponse } from '@dangky/core/protocol';
import { periodLabelVi } from '@dangky/core/time';
import type { ExportCell, ExportColumn, ExportTable } from './export/export-table.ts';

/**
 * The waiting-room report as a manager downloads it: the same tables as on screen, headers and
 * values in Vietnamese (labels, not codes), periods in the grouping on screen with the empty ones
 * kept, durations in minutes. The CSV holds the periods table; the XLSX every table, one sheet each.
 */
const figureColumns: ExportColumn[] = [
  { header: 'Lượt đến', kind: 'integer' },
  { header: 'Lượt ưu tiên', kind: 'integer' },
  { header: 'Lượt gọi', kind: 'integer' },
  { header: 'Vắng mặt', kind: 'integer' },
  { header: 'Tỉ lệ vắng mặt', kind: 'percent' },
  { header: 'Hoàn thành', kind: 'integer' },
  { header: 'Đã huỷ', kind: 'integer' },
  { header: 'Chờ trung bình (phút)', kind: 'decimal' },
  { header: 'Chờ P90 (phút)', kind: 'decimal' },
  { header: 'Phục vụ trung bình (phút)', kind: 'decimal' },
  { header: 'Phục vụ P90 (phút)', kind: 'decimal' },
];

const minutes = (s: number | null): number | null => (s === null ? null : s / 60);

const figureCells = (f: QueueFiguresView): ExportCell[] => [
  f.arrivals,
  f.priorityArrivals,
  f.called,
  f.noShows,
  f.noShowRate,
  f.completed,
  f.cancelled,
  minutes(f.meanWaitSeconds),
  minutes(f.p90WaitSeconds),
  minutes(f.meanServiceSeconds),
  minutes(f.p90ServiceSeconds),
];

const periodHeader = { day: 'Ngày', week: 'Tuần', month: 'Tháng' } as const;

export function queuePeriodsTable(report: QueueReportResponse): ExportTable {
  return {
    name: 'Theo kỳ',
    columns: [{ header: periodHeader[report.grouping], kind: 'text' }, ...figureColumns],
    rows: report.periods.map((p) => [periodLabelVi(p, report.grouping), ...figureCells(p)]),
  };
}

export function queueTables(report: QueueReportResponse): ExportTable[] {
  const hours: ExportTable = {
    name: 'Theo giờ',
    columns: [
      { header: 'Giờ', kind: 'text' },
      { header: 'Lượt đến', kind: 'integer' },
      { header: 'Lượt gọi', kind: 'integer' },
      { header: 'Hoàn thành', kind: 'integer' },
    ],
    rows: report.hours.map((h) => [
      `${String(h.hour).padStart(2, '0')}:00–${String(h.hour).padStart(2, '0')}:59`,
      h.arrivals,
      h.called,
      h.completed,
    ]),
  };
  const staff: ExportTable = {
    name: 'Theo quầy và cán bộ',
    columns: [{ header: 'Quầy', kind: 'text' }, { header: 'Cán bộ', kind: 'text' }, ...figureColumns],
    rows: report.staff.map((s) => [s.counterName, s.operatorName, ...figureCells(s)]),
  };
  return [queuePeriodsTable(report), hours, ...(report.scope === 'national' ? [] : [staff])];
}
