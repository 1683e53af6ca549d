import { describe, expect, it } from 'vitest';
import { parseHelp } from './help-document.ts';

describe('help content parser', () => {
  it('reads a title, sections, steps, points and paragraphs', () => {
    const doc = parseHelp('# Tiêu đề\n\nMở đầu.\n\n## Các bước\n\n1. Một\n2. Hai\n\n- Điểm\n- Điểm hai\n\nKết.');
    expect(doc).toEqual({
      title: 'Tiêu đề',
      blocks: [
        { kind: 'paragraph', text: 'Mở đầu.' },
        { kind: 'section', text: 'Các bước' },
        { kind: 'steps', items: ['Một', 'Hai'] },
        { kind: 'points', items: ['Điểm', 'Điểm hai'] },
        { kind: 'paragraph', text: 'Kết.' },
      ],
    });
  });

  it('keeps anything else as plain text, never markup', () => {
    expect(parseHelp('# T\n### deeper\n<b>x</b>').blocks).toEqual([
      { kind: 'paragraph', text: 'deeper' },
      { kind: 'paragraph', text: '<b>x</b>' },
    ]);
  });
});
