import { KIOSK_EDGES_SECONDS, SERVICE_EDGES_SECONDS } from '@dangky/core/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { loginResponse, queueReportResponse } from '@dangky/core/protocol';
import { hcmDay } from '@dangky/core/time';
import { deviceEvents } from './events.ts';
import { dbKind, harness, type Harness } from './harness.ts';

/**
 * The manager's waiting-room report over HTTP: figures from what was pushed, names instead of
 * ids, the queue right now, the scope checked, and the Vietnamese exports.
 */
let h: Harness;
const tokens: Record<string, string> = {};
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const days = [...new Set([ago(20), ago(5)].map(hcmDay))];
const [from, to] = [days[0]!, days.at(-1)!];
/** Tickets still wait; those of today are the live queue. */
let waitingToday = 0;

beforeAll(async () => {
  h = await harness();
  for (const username of ['clerk.benthanh', 'manager.benthanh', 'manager.hcm']) {
    const res = await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: 'dangky-demo-2026' } });
    tokens[username] = loginResponse.parse(res.json()).token;
  }
  const kiosk = deviceEvents('kiosk-hcm-ben-thanh-1');
  const counter = deviceEvents('counter-hcm-ben-thanh-1');
  const submitted = ([ticket, at, kioskSeconds]: [string, string, number?]) => {
    const event = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket, day: hcmDay(at), at, kioskSeconds });
    // The kiosk makes the id when the citizen submits: a UUIDv7 carries that time.
    event.payload.registrationId = uuidv7({ now: Date.parse(at) });
    return event;
  };
  // Two citizens say how long they took at the kiosk (95 s and 200 s); A-003's kiosk predates the field.
  const tickets: [string, string, number?][] = [
    ['A-001', ago(20), 95],
    ['A-002', ago(10), 200],
    ['A-003', ago(5)],
  ];
  const [a1, ...waiting] = tickets.map(submitted);
  waitingToday = waiting.filter((e) => e.payload.ticket.day === hcmDay(now)).length;
  expect(await h.push('kiosk-hcm-ben-thanh-1', [a1, ...waiting])).toEqual(['accepted', 'accepted', 'accepted']);
  const r1 = a1!.payload.registrationId;
  // Waited 5 minutes, served 3.
  expect(
    await h.push('counter-hcm-ben-thanh-1', [counter.called(r1, 'clerk.benthanh', ago(15)), counter.issued(r1, 'clerk.benthanh', ago(12))]),
  ).toEqual(['accepted', 'accepted']);
});
afterAll(() => h.close());

const get = (query: string, who: string) =>
  h.app.inject({ method: 'GET', url: `/v1/reports/queue?${query}`, headers: { authorization: `Bearer ${tokens[who]}` } });

describe(`the waiting-room report on ${dbKind}`, () => {
  it('gives a site manager the waits, the services, the clerk by name and the live queue', async () => {
    const res = await get(`scope=site&from=${from}&to=${to}`, 'manager.benthanh');
    expect(res.statusCode).toBe(200);
    const report = queueReportResponse.parse(res.json());
    expect(report.grouping).toBe('day');
    const sum = (f: (p: (typeof report.periods)[number]) => number) => report.periods.reduce((n, p) => n + f(p), 0);
    expect([sum((p) => p.arrivals), sum((p) => p.called), sum((p) => p.completed)]).toEqual([3, 1, 1]);
    const served = report.periods.find((p) => p.called === 1)!;
    expect(served.meanWaitSeconds).toBeCloseTo(300, 0);
    expect(served.meanServiceSeconds).toBeCloseTo(180, 0);
    expect(report.hours.reduce((n, x) => n + x.arrivals, 0)).toBe(3);
    // The token desk's one service of 3 minutes, in the bucket from 180 s (what the planner draws from).
    const token = report.desks.find((d) => d.desk === 'token')!;
    expect([token.arrivals, token.completed]).toEqual([3, 1]);
    expect(token.serviceHistogram[SERVICE_EDGES_SECONDS.indexOf(180)]).toBe(1);
    expect(token.serviceHistogram.reduce((n, c) => n + c, 0)).toBe(1);
    expect(report.staff).toEqual([
      expect.objectContaining({
        operatorId: 'clerk.benthanh',
        operatorName: 'Nguyễn Thị Lan',
        counterId: 'counter-hcm-ben-thanh-1',
        called: 1,
        completed: 1,
      }),
    ]);
    const live = report.live.find((s) => s.siteId === 'hcm-ben-thanh')!;
    expect([live.waiting, live.inService]).toEqual([waitingToday, 0]);
    // The longest wait is A-002's (10 min) when it is today's.
    if (waitingToday === 2) expect(live.longestWaitSeconds).toBeGreaterThanOrEqual(600);
    if (waitingToday === 2) expect(live.longestWaitSeconds).toBeLessThan(700);
  });

  it('folds the times at the kiosk into the site and province rollups at ingest, and answers them as a histogram', async () => {
    const bucket = (s: number) => KIOSK_EDGES_SECONDS.findLastIndex((e) => e <= s);
    for (const table of ['queue_stats', 'queue_province_stats']) {
      const [rollup] = await h.db.query<Record<string, number>>(
        `SELECT SUM(kiosk_count)::int AS count, SUM(kiosk_sum_s)::float8 AS sum, SUM(kiosk_h${bucket(95)})::int AS h95,
                SUM(kiosk_h${bucket(200)})::int AS h200
         FROM ${table} WHERE grain = 'day' AND period BETWEEN $1::date AND $2::date`,
        [from, to],
      );
      expect(rollup, table).toEqual({ count: 2, sum: 295, h95: 1, h200: 1 });
    }
    const site = queueReportResponse.parse((await get(`scope=site&from=${from}&to=${to}`, 'manager.benthanh')).json());
    expect(site.kioskTime.count).toBe(2);
    expect(site.kioskTime.meanSeconds).toBeCloseTo(147.5, 6);
    expect(site.kioskTime.histogram).toEqual(KIOSK_EDGES_SECONDS.slice(1).map((_, i) => (i === bucket(95) || i === bucket(200) ? 1 : 0)));
    // The province reads its own rollup: the same figures.
    const province = queueReportResponse.parse((await get(`scope=province&from=${from}&to=${to}`, 'manager.hcm')).json());
    expect(province.kioskTime).toEqual(site.kioskTime);
  });

  it('a city manager sees the province; a clerk and another site are refused', async () => {
    const province = queueReportResponse.parse((await get(`scope=province&from=${from}&to=${to}`, 'manager.hcm')).json());
    expect(province.periods.reduce((n, p) => n + p.arrivals, 0)).toBe(3);
    expect(province.live.map((s) => s.siteId)).toContain('hcm-book-fair');
    expect((await get(`scope=site&from=${from}&to=${to}`, 'clerk.benthanh')).statusCode).toBe(403);
    expect((await get(`scope=site&unit=hcm-book-fair&from=${from}&to=${to}`, 'manager.benthanh')).statusCode).toBe(403);
    expect((await get(`scope=site&from=${to}&to=${from}x`, 'manager.benthanh')).statusCode).toBe(400);
  });

  it('exports the periods as a CSV a Vietnamese spreadsheet opens, and every table as XLSX', async () => {
    const csv = await get(`scope=site&from=${from}&to=${to}&format=csv`, 'manager.benthanh');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFNgày;Lượt đến;Lượt ưu tiên;Lượt gọi;Vắng mặt;Tỉ lệ vắng mặt;Hoàn thành;Đã huỷ;Chờ trung bình (phút);Chờ P90 (phút);Phục vụ trung bình (phút);Phục vụ P90 (phút)',
    );
    const served = lines.find((l) => l.split(';')[3] === '1')!;
    // Day as day/month/year, the wait of 5 minutes with a decimal comma, the no-show rate as a percentage.
    expect(served).toMatch(/^\d{2}\/\d{2}\/\d{4};\d;0;1;0;0,0%;1;0;5,0;/);
    const xlsx = await get(`scope=site&from=${from}&to=${to}&format=xlsx`, 'manager.benthanh');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Periods, hours, counters with clerks, and the time at the kiosk: four sheets.
    expect(xlsx.rawPayload.toString('latin1')).toContain('xl/worksheets/sheet4.xml');
  });

  it('audits each file taken (who, which report and format, which days and sites), never a read on screen or a refused one', async () => {
    const exported = async () =>
      (
        await h.db.query<{ actor_id: string; site_id: string | null; target: string; detail: unknown }>(
          "SELECT actor_id, site_id, target, detail::text AS detail FROM audit_log WHERE action = 'report.exported' ORDER BY seq",
        )
      ).map((r) => ({ ...r, detail: JSON.parse(r.detail as string) }));
    const before = (await exported()).length;
    await get(`scope=site&from=${from}&to=${to}`, 'manager.benthanh');
    await get(`scope=site&from=${from}&to=${to}&format=csv`, 'clerk.benthanh');
    await get(`scope=site&from=${from}&to=${to}&format=xlsx`, 'manager.benthanh');
    const daily = await h.app.inject({
      method: 'GET',
      url: `/v1/reports/daily-counts?from=${from}&to=${to}&format=csv`,
      headers: { authorization: `Bearer ${tokens['manager.hcm']}` },
    });
    expect(daily.statusCode).toBe(200);
    const added = (await exported()).slice(before);
    expect(added).toEqual([
      {
        actor_id: 'manager.benthanh',
        site_id: 'hcm-ben-thanh',
        target: 'report:queue',
        detail: { format: 'xlsx', from, to, scope: 'site', sites: 1, siteIds: ['hcm-ben-thanh'] },
      },
      {
        actor_id: 'manager.hcm',
        site_id: null,
        target: 'report:daily-counts',
        detail: expect.objectContaining({ format: 'csv', from, to, sites: expect.any(Number) }),
      },
    ]);
    expect(added[1]!.detail.siteIds).toEqual(expect.arrayContaining(['hcm-ben-thanh', 'hcm-book-fair']));
  });
});
