import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TicketPrintJob } from '@dangky/core/agent';
import { ticketPrintJob } from '@dangky/core/agent';
import { DangkyError } from '@dangky/core/errors';
import { createEscPosDecoder, type DecodedTicket } from './escpos-decode.ts';
import { encodeTicket, qrCommands } from './escpos-encode.ts';
import { sampleTicket } from './sample-ticket.ts';
import { VIETNAMESE_LETTERS } from './vietnamese-letters.ts';

const sampleJob = sampleTicket;

const expectedLines = (job: TicketPrintJob) =>
  [job.ticketNumber, job.siteName, job.serviceLabel, job.issuedAtText, ...job.lines].map((l) => l.normalize('NFC'));

function decodeAll(chunks: Uint8Array[], options?: Parameters<typeof createEscPosDecoder>[1]): { ticket: DecodedTicket; bytes: number }[] {
  const tickets: { ticket: DecodedTicket; bytes: number }[] = [];
  const decoder = createEscPosDecoder((ticket, { bytes }) => tickets.push({ ticket, bytes }), options);
  for (const chunk of chunks) decoder.push(chunk);
  return tickets;
}

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('encodeTicket', () => {
  it('starts with ESC @, selects code page 52 and ends with a partial cut', () => {
    const bytes = encodeTicket(sampleJob);
    expect([...bytes.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 52]);
    expect([...bytes.subarray(-4)]).toEqual([0x1d, 0x56, 66, 48]);
    expect([...encodeTicket(sampleJob, { codePage: 30 }).subarray(2, 5)]).toEqual([0x1b, 0x74, 30]);
  });

  it('prints the ticket number centred, bold and double size', () => {
    const bytes = [...encodeTicket(sampleJob)];
    const at = bytes.indexOf(0x41); // "A" of A-012
    expect(bytes.slice(5, at)).toEqual([0x1b, 0x61, 1, 0x1b, 0x45, 1, 0x1d, 0x21, 0x11]);
  });

  it('writes the QR as model 2, error correction M, store (fn 80) and print (fn 81)', () => {
    expect(qrCommands('AB', 5)).toEqual([
      0x1d, 0x28, 0x6b, 4, 0, 0x31, 65, 0x32, 0, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 67, 5, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 69, 0x31, 0x1d, 0x28,
      0x6b, 5, 0, 0x31, 80, 0x30, 0x41, 0x42, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 81, 0x30,
    ]);
    const long = 'x'.repeat(400);
    expect(qrCommands(long, 5).slice(25, 30)).toEqual([0x1d, 0x28, 0x6b, 403 & 0xff, 403 >> 8]);
  });

  it('prints a sealed registration at a module size that keeps the code on 58 mm paper', () => {
    const moduleOf = (qrPayload: string) => {
      const bytes = [...encodeTicket({ ...sampleJob, qrPayload })];
      // GS ( k pL pH cn=0x31 fn=67 n: the module size.
      const at = bytes.findIndex((b, i) => b === 0x1d && bytes[i + 1] === 0x28 && bytes[i + 2] === 0x6b && bytes[i + 6] === 67);
      return bytes[at + 7];
    };
    expect(moduleOf('019af0a1-7c2b-7d3e-9f40-1a2b3c4d5e6f')).toBe(5);
    expect(moduleOf(`DK:${'A1'.repeat(312)}`)).toBe(4); // 627 characters: version 16
    expect(moduleOf(`DK:${'A1'.repeat(411)}`)).toBe(3); // 825 characters: version 19
  });

  it('refuses a ticket with a character CP1258 lacks, and control characters that would be commands', () => {
    expect(() => encodeTicket({ ...sampleJob, siteName: 'Phường 中' })).toThrow(
      expect.objectContaining({ code: 'DK_ERR_PRINTER_UNENCODABLE' }),
    );
    expect(() => encodeTicket({ ...sampleJob, lines: ['a\u001bd\u0009b'] })).toThrow(
      expect.objectContaining({ code: 'DK_ERR_PRINTER_UNENCODABLE' }),
    );
  });
});

describe('encode → decode', () => {
  it('gives back every line and the QR payload of the sample ticket', () => {
    const bytes = encodeTicket(sampleJob);
    expect(decodeAll([bytes])).toEqual([
      { ticket: { lines: expectedLines(sampleJob), qrPayload: sampleJob.qrPayload }, bytes: bytes.length },
    ]);
  });

  it('gives back all 134 Vietnamese letters', () => {
    const lines = [];
    for (let i = 0; i < VIETNAMESE_LETTERS.length; i += 64) lines.push(VIETNAMESE_LETTERS.slice(i, i + 64).join(''));
    const job = { ...sampleJob, lines };
    expect(decodeAll([encodeTicket(job)])[0]?.ticket.lines).toEqual(expectedLines(job));
  });

  it('splits tickets at each cut and counts each one’s bytes', () => {
    const a = encodeTicket(sampleJob);
    const b = encodeTicket({ ...sampleJob, ticketNumber: 'B-100', lines: [], qrPayload: 'R-2' });
    const tickets = decodeAll([concat(a, b)]);
    expect(tickets.map((t) => [t.ticket.lines[0], t.ticket.qrPayload, t.bytes])).toEqual([
      ['A-012', sampleJob.qrPayload, a.length],
      ['B-100', 'R-2', b.length],
    ]);
  });

  it('skips commands it does not interpret by their length, bodies included', () => {
    const raster = [0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 0x41, 0x42, 0x0a, 0x43]; // GS v 0, 2×2 bytes of image that look like text
    const barcode = [0x1d, 0x6b, 4, 0x41, 0x42, 0x00]; // GS k CODE39 … NUL
    const barcodeB = [0x1d, 0x6b, 73, 3, 0x7b, 0x42, 0x41]; // GS k CODE128 n=3
    const bitImage = [0x1b, 0x2a, 33, 1, 0, 0x41, 0x0a, 0x42]; // ESC * 24-dot, 1 column = 3 bytes
    const pdf417 = [0x1d, 0x28, 0x6b, 4, 0, 0x30, 80, 0x30, 0x41]; // GS ( k store for PDF417 (cn 48) is not the QR
    const others = [
      0x1b, 0x21, 0x0a, 0x1b, 0x2d, 1, 0x1d, 0x42, 1, 0x1b, 0x70, 0, 25, 250, 0x10, 0x04, 1, 0x1b, 0x44, 8, 16, 0, 0x1c, 0x2e,
    ];
    const bytes = Uint8Array.from([
      0x1b,
      0x40,
      0x1b,
      0x74,
      52,
      ...raster,
      ...barcode,
      ...barcodeB,
      ...bitImage,
      ...pdf417,
      ...others,
      0x68,
      0x65,
      0xec,
      0x0a,
      0x1d,
      0x56,
      0x01,
    ]);
    expect(decodeAll([bytes]).map((t) => t.ticket)).toEqual([{ lines: ['hé'], qrPayload: null }]);
  });

  it('decodes with the code page ESC t selected: another page gives U+FFFD, ESC @ resets it', () => {
    const job = { ...sampleJob, lines: ['Đ'] };
    expect(decodeAll([encodeTicket(job, { codePage: 30 })], { codePage: 30 })[0]?.ticket.lines.at(-1)).toBe('Đ');
    expect(decodeAll([encodeTicket(job, { codePage: 30 })])[0]?.ticket.lines.at(-1)).toBe('\uFFFD');
    expect(decodeAll([Uint8Array.of(0x1b, 0x74, 52, 0x1b, 0x40, 0xd0, 0x0a, 0x1d, 0x56, 0x00)])[0]?.ticket.lines).toEqual(['\uFFFD']);
  });

  it('flushes text without a final LF at the cut, and keeps deliberate empty lines', () => {
    expect(decodeAll([Uint8Array.of(0x41, 0x0a, 0x0a, 0x42, 0x1d, 0x56, 0x42, 0)])[0]?.ticket.lines).toEqual(['A', '', 'B']);
  });
});

const vietnameseText = (maxLength: number) =>
  fc
    .array(fc.constantFrom(...VIETNAMESE_LETTERS, ...'abcdeghiklmnopqrstuvxyABCDĐGHKLMNOPQRSTUVXY0123456789 .,:;–-/()'.split('')), {
      maxLength,
    })
    .map((c) => c.join(''));

const arbitraryJob: fc.Arbitrary<TicketPrintJob> = fc.record({
  ticketNumber: fc.stringMatching(/^[A-Z]{1,2}-\d{3,4}$/),
  siteName: vietnameseText(80).filter((s) => s.length > 0),
  serviceLabel: vietnameseText(120).filter((s) => s.length > 0),
  issuedAtText: vietnameseText(40).filter((s) => s.length > 0),
  lines: fc.array(vietnameseText(64), { maxLength: 6 }),
  qrPayload: fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme' }),
  language: fc.constantFrom('vi' as const, 'en' as const),
});

/** Cut `bytes` at the given (sorted, deduplicated) offsets. */
function fragment(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  return chunks;
}

describe('properties', () => {
  it('a random valid ticket round-trips', () => {
    fc.assert(
      fc.property(arbitraryJob, (job) => {
        expect(ticketPrintJob.safeParse(job).success).toBe(true);
        const tickets = decodeAll([encodeTicket(job)]);
        expect(tickets.map((t) => t.ticket)).toEqual([{ lines: expectedLines(job), qrPayload: job.qrPayload }]);
      }),
      { numRuns: 200 },
    );
  });

  it('any fragmentation of a stream of tickets decodes the same as the whole', () => {
    fc.assert(
      fc.property(fc.array(arbitraryJob, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 40 }), (jobs, cuts) => {
        const bytes = concat(...jobs.map((j) => encodeTicket(j)));
        expect(decodeAll(fragment(bytes, cuts))).toEqual(decodeAll([bytes]));
        expect(decodeAll(fragment(bytes, cuts)).map((t) => t.ticket.lines)).toEqual(jobs.map(expectedLines));
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes in random fragments never throw (or throw only DangkyError) and always finish', () => {
    const noisy = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x1b, 0x1d, 0x1c, 0x10, 0x0a, 0x28, 0x6b, 0x56)), {
      maxLength: 2000,
    });
    fc.assert(
      fc.property(noisy, fc.array(fc.nat(), { maxLength: 20 }), (values, cuts) => {
        const bytes = Uint8Array.from(values);
        try {
          const decoder = createEscPosDecoder(() => {});
          for (const chunk of fragment(bytes, cuts)) decoder.push(chunk);
          expect(decoder.pendingBytes).toBeLessThanOrEqual(bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the byte count of each ticket adds up to the bytes pushed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 500 }), (values) => {
        const bytes = concat(
          Uint8Array.from(values),
          Uint8Array.of(0x1d, 0x56, 0x30),
          Uint8Array.from(values),
          Uint8Array.of(0x1d, 0x56, 0x30),
        );
        let total = 0;
        const decoder = createEscPosDecoder((_t, { bytes: n }) => (total += n));
        decoder.push(bytes);
        expect(total + decoder.pendingBytes).toBe(bytes.length);
      }),
    );
  });
});
