/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { HELP_TOPICS, parseHelp } from './help-document.ts';

/** The content files themselves: both languages for every topic, and the facts people rely on. */
const files = import.meta.glob<string>('./content/*.md', { query: '?raw', import: 'default', eager: true });
const doc = (lang: string, topic: string) => {
  const source = files[`./content/${lang}.${topic}.md`];
  if (source === undefined) throw new Error(`missing content/${lang}.${topic}.md`);
  return parseHelp(source);
};

describe('help content files', () => {
  it.each(HELP_TOPICS.flatMap((t) => [['vi', t] as const, ['en', t] as const]))(
    '%s %s has a title and the same shape as its twin',
    (lang, topic) => {
      const d = doc(lang, topic);
      expect(d.title).not.toBe('');
      const twin = doc(lang === 'vi' ? 'en' : 'vi', topic);
      expect(d.blocks.map((b) => b.kind)).toEqual(twin.blocks.map((b) => b.kind));
    },
  );

  it('lock and unlock: the four reasons and the two-working-day rule', () => {
    const vi = doc('vi', 'eid-lock');
    const reasons = vi.blocks.find((b) => b.kind === 'steps');
    expect(reasons?.kind === 'steps' && reasons.items).toHaveLength(4);
    expect(JSON.stringify(vi)).toContain('2 ngày làm việc');
    expect(JSON.stringify(doc('en', 'eid-lock'))).toContain('2 working days');
  });

  it('portal sign-in says to install the plugin and driver, choose the certificate, type the PIN', () => {
    const text = JSON.stringify(doc('vi', 'portal-token'));
    for (const word of ['plugin', 'driver', 'chứng thư số', 'PIN']) expect(text).toContain(word);
  });
});
