import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ACK_FRAME, ERROR_FRAME, FrameDecoder, NACK_FRAME, decodeFrames, encodeFrame, type Pn532Frame } from './pn532-frame.ts';
import { Pn532FrameStream } from './pn532-frame-stream.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/** Decodes `bytes` fed in the given fragments, the way the stream transform does. */
function decodeInFragments(bytes: Uint8Array, cuts: number[]): Pn532Frame[] {
  const frames: Pn532Frame[] = [];
  let rest: Uint8Array = new Uint8Array(0);
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    const chunk = bytes.subarray(at, cut);
    at = cut;
    const joined = new Uint8Array(rest.length + chunk.length);
    joined.set(rest);
    joined.set(chunk, rest.length);
    const result = decodeFrames(joined);
    frames.push(...result.frames);
    rest = result.rest;
  }
  return frames;
}

describe('PN532 frames', () => {
  it.each([
    // GetFirmwareVersion request and answer from UM0701-02 §7.2.2 / the PN532 application note.
    ['GetFirmwareVersion command', hex('0000FF02FED4022A00'), { type: 'data', tfi: 0xd4, data: '02', extended: false }],
    ['firmware answer (PN532 v1.6)', hex('0000FF06FAD50332010607E800'), { type: 'data', tfi: 0xd5, data: '0332010607', extended: false }],
    ['ACK', ACK_FRAME, { type: 'ack' }],
    ['NACK', NACK_FRAME, { type: 'nack' }],
    ['application error', ERROR_FRAME, { type: 'error' }],
    ['preamble-less frame', hex('00FF02FED4022A00'), { type: 'data', tfi: 0xd4, data: '02', extended: false }],
    ['after line noise and wake-up', hex('5555000000 0000FF02FED4022A00'), { type: 'data', tfi: 0xd4, data: '02', extended: false }],
    ['bad LCS', hex('0000FF02FDD4022A00'), { type: 'corrupt', code: 'DK_ERR_NFC_FRAME_CHECKSUM', reason: 'length checksum' }],
    ['bad DCS', hex('0000FF02FED4022B00'), { type: 'corrupt', code: 'DK_ERR_NFC_FRAME_CHECKSUM', reason: 'data checksum' }],
    ['unknown TFI', hex('0000FF02FEAA025400'), { type: 'corrupt', code: 'DK_ERR_NFC_FRAME_MALFORMED', reason: 'unknown frame identifier' }],
    [
      'extended with bad LCS',
      hex('0000FFFFFF0100FE'),
      { type: 'corrupt', code: 'DK_ERR_NFC_FRAME_CHECKSUM', reason: 'extended length checksum' },
    ],
  ])('%s', (_name, bytes, expected) => {
    const { frames } = decodeFrames(bytes);
    const first = frames[0];
    expect(first && first.type === 'data' ? { ...first, data: toHex(first.data) } : first).toEqual(expected);
  });

  it('encodes normal and extended frames and decodes them back', () => {
    expect(toHex(encodeFrame(0xd4, hex('02')))).toBe('0000FF02FED4022A00');
    const long = new Uint8Array(300).map((_, i) => i & 0xff);
    const encoded = encodeFrame(0xd4, long);
    expect(toHex(encoded.subarray(0, 8))).toBe('0000FFFFFF012DD2');
    const [frame] = decodeFrames(encoded).frames;
    expect(frame?.type === 'data' && frame.extended && toHex(frame.data)).toBe(toHex(long));
  });

  it('resynchronises after a corrupt frame', () => {
    const bytes = new Uint8Array([...hex('0000FF02FED4022B00'), ...encodeFrame(0xd5, hex('4100AA'))]);
    expect(decodeFrames(bytes).frames.map((f) => f.type)).toEqual(['corrupt', 'data']);
  });

  it('keeps an incomplete frame for the next chunk', () => {
    const bytes = encodeFrame(0xd5, hex('4100AABB'));
    const first = decodeFrames(bytes.subarray(0, 7));
    expect(first.frames).toEqual([]);
    expect(toHex(first.rest)).toBe(toHex(bytes.subarray(1, 7))); // from the start code on
  });

  it('property: any frames fed in any fragments decode to the same frames', () => {
    const frameArb = fc.oneof(
      fc.constant({ kind: 'ack' as const }),
      fc.constant({ kind: 'nack' as const }),
      fc.uint8Array({ minLength: 0, maxLength: 400 }).map((data) => ({ kind: 'data' as const, data })),
    );
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(3000), { maxLength: 20 }), (specs, cuts) => {
        const encoded = specs.map((s) => (s.kind === 'ack' ? ACK_FRAME : s.kind === 'nack' ? NACK_FRAME : encodeFrame(0xd5, s.data)));
        const bytes = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
        let at = 0;
        for (const e of encoded) {
          bytes.set(e, at);
          at += e.length;
        }
        const frames = decodeInFragments(bytes, cuts);
        expect(frames.map((f) => (f.type === 'data' ? toHex(f.data) : f.type))).toEqual(
          specs.map((s) => (s.kind === 'data' ? toHex(s.data) : s.kind)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('property: random bytes never throw and never keep more than one frame of tail', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const { rest } = decodeFrames(bytes);
        expect(rest.length).toBeLessThanOrEqual(1024 + 9);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: FrameDecoder fed any fragments of any bytes yields what one decode of all of them yields', () => {
    const frameArb = fc.oneof(
      fc.constant(ACK_FRAME),
      fc.constant(NACK_FRAME),
      fc.uint8Array({ minLength: 0, maxLength: 400 }).map((data) => encodeFrame(0xd5, data)),
      fc.uint8Array({ minLength: 1, maxLength: 12 }), // line noise and broken headers
    );
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(3000), { maxLength: 30 }), (parts, cuts) => {
        const bytes = Uint8Array.from(parts.flatMap((p) => [...p]));
        const decoder = new FrameDecoder();
        const frames: Pn532Frame[] = [];
        let at = 0;
        for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
          frames.push(...decoder.feed(bytes.subarray(at, cut)));
          at = cut;
        }
        const show = (f: Pn532Frame) => (f.type === 'data' ? toHex(f.data) : f.type === 'corrupt' ? f.reason : f.type);
        expect(frames.map(show)).toEqual(decodeFrames(bytes).frames.map(show));
      }),
      { numRuns: 500 },
    );
  });

  it('FrameDecoder fed byte by byte yields the frame when its checksum byte arrives, once', () => {
    for (const data of [new Uint8Array(200).fill(7), new Uint8Array(300).fill(9)]) {
      const frame = encodeFrame(0xd5, data);
      const decoder = new FrameDecoder();
      const seen = [...frame].map((b) => decoder.feed(Uint8Array.of(b)).length);
      expect(seen.indexOf(1)).toBe(frame.length - 2); // DCS; the postamble after it is noise
      expect(seen.reduce((a, b) => a + b, 0)).toBe(1);
    }
  });

  it('the stream transform emits frames from a fragmented byte stream', async () => {
    const bytes = new Uint8Array([...ACK_FRAME, ...encodeFrame(0xd5, hex('0332010607'))]);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 10), bytes.subarray(10)].map((c) => Buffer.from(c));
    const frames: Pn532Frame[] = [];
    for await (const frame of Readable.from(chunks).pipe(new Pn532FrameStream())) frames.push(frame as Pn532Frame);
    expect(frames.map((f) => f.type)).toEqual(['ack', 'data']);
  });
});
