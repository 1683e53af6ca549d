import { describe, expect, it } from 'vitest';
import { helpPages } from './help-content.ts';
import { helpHtml } from './help-html.ts';

describe('help content', () => {
  it('has the four pages a citizen needs after the visit', () => {
    expect(helpPages.map((p) => p.id)).toEqual(['portal-token', 'sign-pdf', 'eid-level2', 'eid-lock']);
  });

  it.each(helpPages.map((p) => [p.id, p] as const))('%s says the same in Vietnamese and English', (_id, page) => {
    expect(page.en.sections.map((s) => [s.items.length, s.ordered ?? false])).toEqual(
      page.vi.sections.map((s) => [s.items.length, s.ordered ?? false]),
    );
    for (const text of [page.vi, page.en].flatMap((t) => [t.title, t.intro, ...t.sections.flatMap((s) => [s.heading, ...s.items])]))
      expect(text, 'plain, short sentences').toSatisfy((t: string) => t.length <= 220);
  });

  it('gives the four reasons and the two-working-day rule for locking an e-ID account', () => {
    const lock = helpPages.find((p) => p.id === 'eid-lock')!;
    expect(lock.vi.sections[0]!.items).toHaveLength(4);
    expect(lock.vi.sections.flatMap((s) => s.items).join(' ')).toMatch(/2 ngày làm việc/);
  });
});

describe('help as the phone page', () => {
  it.each(['vi', 'en'] as const)('%s: one page with every topic under its anchor, the text escaped, no script', (language) => {
    const html = helpHtml(language);
    for (const page of helpPages) {
      expect(html).toContain(`<section id="${page.id}">`);
      expect(html).toContain(`href="#${page.id}"`);
    }
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(
      language === 'vi' ? 'Khóa và mở khóa tài khoản định danh điện tử' : 'Lock and unlock an electronic identity account',
    );
  });
});
