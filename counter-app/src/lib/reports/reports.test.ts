import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DailyCountRow } from '@dangky/core/protocol';
import { daysBetween } from '@dangky/core/time';
import { DIMENSIONS, groupBy, totals } from './aggregate.ts';
import { barHeight, niceMax, ticks } from './chart-scale.ts';
import { csvFileName, defaultRange } from './range.ts';
import { fetchProviderNames } from './fetch.ts';

const row = (o: Partial<DailyCountRow>): DailyCountRow => ({
  day: '2026-11-20',
  siteId: 'hcm-ben-thanh',
  service: 'digital-signature',
  channel: 'token',
  providerId: 'vnpt',
  operatorId: null,
  submitted: 0,
  completed: 0,
  cancelled: 0,
  ...o,
});

const rows: DailyCountRow[] = [
  row({ submitted: 3 }),
  row({ operatorId: 'clerk.benthanh', completed: 2, cancelled: 1 }),
  row({ day: '2026-11-21', siteId: 'hcm-book-fair', channel: 'remote', providerId: 'viettel', submitted: 5 }),
  row({ day: '2026-11-21', service: 'eid-level2', channel: null, providerId: null, submitted: 1 }),
  row({ day: '2026-11-21', service: 'eid-level2', channel: null, providerId: null, operatorId: 'clerk.hoisach', completed: 1 }),
  row({ day: '2026-11-21', service: 'eid-level2', channel: null, providerId: null, operatorId: 'clerk.hoisach', eidRefused: 1 }),
];

describe('report aggregation', () => {
  it('groups by day with every day of the range, empty ones included', () => {
    expect(groupBy(rows, 'day', daysBetween('2026-11-19', '2026-11-21'))).toEqual([
      { key: '2026-11-19', submitted: 0, completed: 0, cancelled: 0, eidApproved: 0, eidRefused: 0 },
      { key: '2026-11-20', submitted: 3, completed: 2, cancelled: 1, eidApproved: 0, eidRefused: 0 },
      // The officer's refusal of a handed-over e-ID application counts on its own, not as another completion.
      { key: '2026-11-21', submitted: 6, completed: 1, cancelled: 0, eidApproved: 0, eidRefused: 1 },
    ]);
  });

  it('puts the rows with no value (e-ID has no channel) last', () => {
    expect(groupBy(rows, 'channel').map((g) => [g.key, g.submitted])).toEqual([
      ['remote', 5],
      ['token', 3],
      [null, 1],
    ]);
  });

  it('gives the same totals whatever the grouping', () => {
    const arbRow = fc.record({
      day: fc.constantFrom('2026-11-20', '2026-11-21'),
      siteId: fc.constantFrom('hcm-ben-thanh', 'hcm-book-fair'),
      service: fc.constantFrom('digital-signature' as const, 'eid-level2' as const),
      channel: fc.constantFrom('remote' as const, 'token' as const, null),
      providerId: fc.constantFrom('vnpt', 'misa', null),
      operatorId: fc.constantFrom('clerk.a', null),
      submitted: fc.nat(50),
      completed: fc.nat(50),
      cancelled: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 30 }), (rs) => {
        const all = totals(rs);
        for (const d of DIMENSIONS) expect(totals(groupBy(rs, d))).toEqual(all);
      }),
      { numRuns: 100 },
    );
  });
});

describe('chart scale', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [50, 50],
    [51, 100],
    [999, 1000],
  ])('niceMax(%d) = %d', (v, m) => expect(niceMax(v)).toBe(m));

  it('draws bars in proportion and never taller than the axis', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const max = niceMax(Math.max(a, b));
        expect(barHeight(Math.max(a, b), max, 200)).toBeLessThanOrEqual(200);
        if (a <= b) expect(barHeight(a, max, 200)).toBeLessThanOrEqual(barHeight(b, max, 200));
      }),
    );
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
  });
});

describe('ranges and file names', () => {
  it('defaults to the last seven Ho Chi Minh days', () => {
    // 23:30 UTC on 21 Nov is already 22 Nov in Vietnam.
    expect(defaultRange(new Date('2026-11-21T23:30:00Z'))).toEqual({ from: '2026-11-16', to: '2026-11-22' });
  });

  it('names the CSV after the range and the site', () => {
    expect(csvFileName('2026-11-16', '2026-11-22')).toBe('dangky-daily-counts-2026-11-16_2026-11-22.csv');
    expect(csvFileName('2026-11-16', '2026-11-22', 'hcm-book-fair')).toBe('dangky-daily-counts-2026-11-16_2026-11-22-hcm-book-fair.csv');
    expect(csvFileName('../x', '2026/11', 'a b')).toBe('dangky-daily-counts-x_202611-ab.csv');
  });
});

describe('fetchProviderNames', () => {
  const catalogue = {
    providers: [
      { id: 'vnpt', name: 'VNPT', product: 'VNPT SmartCA', channels: ['remote', 'token'], active: true },
      { id: 'viettel', name: 'Viettel', product: 'Viettel MySign', channels: ['remote'], active: true },
    ],
    sites: [{ id: 'hcm-ben-thanh', name: 'UBND phường Bến Thành', kind: 'office', provinceCode: '79', communeCode: '26734' }],
    consentTextVersion: 'consent-2026.1',
    device: null,
  };
  const answering = (body: unknown) => (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch;

  it("names each provider by its product, from the server's reference answer parsed with core's schema", async () => {
    const names = await fetchProviderNames('http://server.test', answering(catalogue));
    expect([...names]).toEqual([
      ['vnpt', 'VNPT SmartCA'],
      ['viettel', 'Viettel MySign'],
    ]);
  });

  it('falls back to showing ids (an empty map) when the answer does not match the schema', async () => {
    expect((await fetchProviderNames('http://server.test', answering({ providers: [{ id: 'vnpt' }] }))).size).toBe(0);
  });
});
