import type { QueueFiguresView, QueueReportResponse } from '@dangky/core/protocol';
import { periodLabelVi } from '@dangky/core/time';
import { bucketMinutes, KIOSK_EDGES_SECONDS } from '@dangky/core/queue';
import type { ExportCell, ExportColumn, ExportTable } from './export/export-table.ts';

/**
 * The waiting-room report as a manager downloads it: the same tables as on screen, headers and
 * values in Vietnamese (labels, not codes), periods in the grouping on screen with the empty ones
 * kept, durations in minutes. The CSV holds the periods table; the XLSX every table, one sheet each.
 * The time citizens took at the kiosk is a sheet too: what the booth-day planner draws from, so a
 * manager can check it against what they saw.
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
  return [queuePeriodsTable(report), hours, ...(report.scope === 'national' ? [] : [staff]), kioskTimeTable(report)];
}

/** "1–2 phút", "60 phút trở lên": a bucket of durations as the report names it. */
const minutesRangeVi = ({ from, to }: { from: number; to: number | null }): string =>
  to === null ? `${from} phút trở lên` : `${from}–${to} phút`;

/** The submissions that said how long the citizen took at the kiosk: per bucket, then all of them with their mean. */
function kioskTimeTable({ kioskTime }: QueueReportResponse): ExportTable {
  return {
    name: 'Thời gian tại kiosk',
    columns: [
      { header: 'Thời gian tại kiosk', kind: 'text' },
      { header: 'Số lượt', kind: 'integer' },
      { header: 'Trung bình (phút)', kind: 'decimal' },
    ],
    rows: [
      ...kioskTime.histogram.map((n, i): ExportCell[] => [minutesRangeVi(bucketMinutes(KIOSK_EDGES_SECONDS, i)), n, null]),
      ['Tất cả', kioskTime.count, minutes(kioskTime.meanSeconds)],
    ],
  };
}
