import { describe, expect, it } from 'vitest';
import type { AgentClient } from '@dangky/core/agent';
import type { PrintTicketInput } from '@dangky/core/machines';
import { printTicket, waitText, type Translate } from './print-ticket.ts';
import { viFlow } from '../i18n/vi-flow.ts';

/** Vietnamese from the kiosk's own catalogue, placeholders filled. */
const t: Translate = (key, values) => {
  const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], viFlow) as string;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name]));
};

function fakeAgent() {
  const jobs: { lines: string[] }[] = [];
  const agent = {
    request: async (_type: string, params: { lines: string[] }) => {
      jobs.push(params);
      return { printed: true, bytes: 1 };
    },
  } as unknown as AgentClient;
  return { agent, jobs };
}

const input = (more: Partial<PrintTicketInput> = {}): PrintTicketInput => ({
  service: { kind: 'eid-level2' },
  language: 'vi',
  priority: false,
  submitted: { registrationId: '019ab000-0000-7000-8000-000000000001', ticket: { number: 'A-007', day: '2026-11-29' } },
  ...more,
});

describe('the printed ticket', () => {
  it('says first that it is a priority ticket, then the people ahead and about how long', async () => {
    const { agent, jobs } = fakeAgent();
    const wait = { kind: 'estimate', ahead: 3, lowMinutes: 5, highMinutes: 15, basis: 'measured-today' } as const;
    const submitted = { ...input().submitted, wait };
    await printTicket(agent, input({ priority: true, submitted }), { t, siteName: 'UBND phường Bến Thành', providers: [] });
    expect(jobs[0]!.lines.slice(0, 2)).toEqual(['VÉ ƯU TIÊN', '3 người đang chờ trước bạn, khoảng 5–15 phút.']);
    for (const line of jobs[0]!.lines) expect(line.length).toBeLessThanOrEqual(64);
  });

  it('prints neither line for an ordinary ticket whose kiosk was told nothing', async () => {
    const { agent, jobs } = fakeAgent();
    await printTicket(agent, input(), { t, siteName: 'UBND phường Bến Thành', providers: [] });
    expect(jobs[0]!.lines).toEqual([t('print.line1'), t('print.line2')]);
  });

  it.each([
    [{ kind: 'unknown', reason: 'stale' } as const, 'Chưa ước tính được thời gian chờ.'],
    [{ kind: 'unknown', reason: 'no-figures' } as const, 'Chưa ước tính được thời gian chờ.'],
    [{ kind: 'unknown', reason: 'no-counter' } as const, 'Chưa ước tính được: hôm nay chưa quầy nào gọi số.'],
    [{ kind: 'estimate', ahead: 0, lowMinutes: 0, highMinutes: 5, basis: 'usual' } as const, 'Không có ai chờ trước bạn, khoảng 0–5 phút.'],
  ])('says honestly what it cannot tell (%j)', (wait, text) => {
    expect(waitText(t, wait)).toBe(text);
  });
});
