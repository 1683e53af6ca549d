import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter.ts';

/** The scanner's framing, fed in fragments as a serial port delivers them. */

const text = new TextEncoder();
const bytes = (s: string) => text.encode(s);

function run(chunks: (string | Uint8Array)[], maxLineBytes?: number) {
  const lines: string[] = [];
  let refused = 0;
  const splitter = createLineSplitter(
    { onLine: (line) => lines.push(new TextDecoder().decode(line)), onRefused: () => refused++ },
    maxLineBytes === undefined ? {} : { maxLineBytes },
  );
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? bytes(chunk) : chunk);
  return { lines, refused, pending: splitter.pendingBytes };
}

describe('line splitter', () => {
  const table: { name: string; chunks: (string | Uint8Array)[]; max?: number; lines: string[]; refused?: number; pending?: number }[] = [
    { name: 'CR LF in one chunk', chunks: ['a|b\r\n'], lines: ['a|b'] },
    { name: 'CR only (many scanners)', chunks: ['one\rtwo\r'], lines: ['one', 'two'] },
    { name: 'LF only', chunks: ['one\ntwo\n'], lines: ['one', 'two'] },
    { name: 'CR and LF in separate chunks', chunks: ['abc\r', '\n', 'def\r', '\n'], lines: ['abc', 'def'] },
    { name: 'a payload cut in three', chunks: ['001099', '012345||Ng', 'uyễn\r\n'], lines: ['001099012345||Nguyễn'] },
    {
      name: 'a UTF-8 character cut between chunks',
      chunks: [bytes('Nguy').slice(0, 4), new Uint8Array([0xe1, 0xbb]), new Uint8Array([0x85]), bytes('n\r')],
      lines: ['Nguyễn'],
    },
    { name: 'blank lines and terminator runs produce nothing', chunks: ['\r\n\r\n', '\n\r', 'x\r\r\n\n'], lines: ['x'] },
    { name: 'no terminator yet: held, not emitted', chunks: ['partial'], lines: [], pending: 7 },
    { name: 'exactly the limit is accepted', chunks: ['12345678\r'], max: 8, lines: ['12345678'] },
    { name: 'over the limit is refused and the next line is read', chunks: ['123456789\rok\r'], max: 8, lines: ['ok'], refused: 1 },
    {
      name: 'over the limit across chunks, resync at the terminator',
      chunks: ['12345', '6789', 'more garbage', '\r\n', 'ok\r\n'],
      max: 8,
      lines: ['ok'],
      refused: 1,
      pending: 0,
    },
    { name: 'skipping holds nothing', chunks: ['123456789', 'abcdefgh'], max: 8, lines: [], pending: 0 },
  ];
  it.each(table)('$name', ({ chunks, max, lines, refused = 0, pending = 0 }) => {
    expect(run(chunks, max)).toEqual({ lines, refused, pending });
  });

  it('a 1 KB payload passes by default, 1 KB + 1 is refused', () => {
    const ok = 'a'.repeat(1_024);
    expect(run([`${ok}\r\n${ok}b\r\nnext\r\n`])).toEqual({ lines: [ok, 'next'], refused: 1, pending: 0 });
  });

  it('property: any lines, any terminators, cut anywhere → the lines within the limit, in order', () => {
    const max = 64;
    const line = fc.uint8Array({ minLength: 1, maxLength: 100 }).map((a) => a.map((b) => (b === 0x0d || b === 0x0a ? 0x20 : b)));
    const terminator = fc.constantFrom('\r', '\n', '\r\n', '\r\r\n', '\n\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, terminator), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (entries, cuts) => {
        const stream = Buffer.concat(entries.flatMap(([l, t]) => [Buffer.from(l), Buffer.from(t)]));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let from = 0;
        for (const p of [...points, stream.length]) {
          chunks.push(stream.subarray(from, p));
          from = p;
        }
        const seen: string[] = [];
        let refused = 0;
        const splitter = createLineSplitter(
          { onLine: (l) => seen.push(Buffer.from(l).toString('hex')), onRefused: () => refused++ },
          { maxLineBytes: max },
        );
        for (const chunk of chunks) splitter.push(chunk);
        expect(seen).toEqual(entries.filter(([l]) => l.length <= max).map(([l]) => Buffer.from(l).toString('hex')));
        expect(refused).toBe(entries.filter(([l]) => l.length > max).length);
        expect(splitter.pendingBytes).toBe(0);
      }),
    );
  });
});
