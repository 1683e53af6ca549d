import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { encodeTlv, parseTlv, parseTlvList, readTlvHeader } from './tlv.ts';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DangkyError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('parseTlv', () => {
  it('reads EF.COM from ICAO 9303 part 11 Appendix D (nested, two-byte tags)', () => {
    const com = parseTlv(hexToBytes('60145F0104303130365F36063034303030305C026175'));
    expect(com.tag).toBe(0x60);
    expect(com.constructed).toBe(true);
    expect(com.children?.map((c) => c.tag)).toEqual([0x5f01, 0x5f36, 0x5c]);
    expect(bytesToHex(com.children?.[2]?.value ?? new Uint8Array())).toBe('6175');
    expect(bytesToHex(com.raw)).toBe('60145F0104303130365F36063034303030305C026175');
  });

  it.each([
    ['short length', '0401AA', 0x04, 1],
    ['81 length form', `0481${'80'}${'00'.repeat(0x80)}`, 0x04, 0x80],
    ['82 length form', `048201 00${'00'.repeat(0x100)}`, 0x04, 0x100],
    ['three-byte tag', '5F8F0101FF', 0x5f8f01, 1],
    ['four-byte tag', '7F818101 00', 0x7f818101, 0],
    ['empty value', '0400', 0x04, 0],
  ])('%s', (_name, hex, tag, length) => {
    const node = parseTlv(hexToBytes(hex));
    expect(node.tag).toBe(tag);
    expect(node.value.length).toBe(length);
  });

  it.each([
    ['empty input', '', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['tag only', '04', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['truncated multi-byte tag', '5F', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['tag longer than 4 bytes', '5F8181818101', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['indefinite length', '30800000', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['length field of 5 bytes', '04850000000001AA', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['truncated length field', '048201', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['length beyond the bytes left', '0405AABB', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['child overruns its parent', '30030405AABBCC', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['trailing bytes', '0401AAFF', 'DK_ERR_CHIP_TLV_MALFORMED'],
    ['length above 64 KiB', '0483010001', 'DK_ERR_CHIP_TLV_TOO_LARGE'],
    ['4 GiB length', '0484FFFFFFFF', 'DK_ERR_CHIP_TLV_TOO_LARGE'],
  ])('rejects %s', (_name, hex, code) => {
    expect(codeOf(() => parseTlv(hexToBytes(hex)))).toBe(code);
  });

  it('accepts a longer value when the caller raises maxLength', () => {
    const value = new Uint8Array(70_000);
    expect(parseTlv(encodeTlv(0x5f2e, value), { maxLength: 100_000 }).value.length).toBe(70_000);
    expect(codeOf(() => parseTlv(encodeTlv(0x5f2e, value)))).toBe('DK_ERR_CHIP_TLV_TOO_LARGE');
  });

  it('bounds the nesting depth', () => {
    let nested = encodeTlv(0x04, Uint8Array.of(1));
    for (let i = 0; i < 40; i++) nested = encodeTlv(0x30, nested);
    expect(codeOf(() => parseTlv(nested))).toBe('DK_ERR_CHIP_TLV_TOO_DEEP');
    expect(parseTlv(nested, { maxDepth: 50 }).tag).toBe(0x30);
    expect(parseTlv(nested, { parseChildren: false }).children).toBeUndefined();
  });

  it('readTlvHeader tells a file length from its first bytes', () => {
    expect(readTlvHeader(hexToBytes('7582 3A 6B 7F61'))).toEqual({ tag: 0x75, constructed: true, length: 0x3a6b, headerLength: 4 });
  });

  it('parseTlvList reads a sequence and round-trips with encodeTlv', () => {
    const list = parseTlvList(hexToBytes('0201 01 0C03 616263'));
    expect(list.map((n) => n.tag)).toEqual([0x02, 0x0c]);
    expect(bytesToHex(encodeTlv(0x0c, list[1]!.value))).toBe('0C03616263');
  });
});

describe('parseTlv fuzz', () => {
  const onlyTyped = (bytes: Uint8Array) => {
    try {
      parseTlvList(bytes, { maxDepth: 8 });
    } catch (error) {
      expect(error).toBeInstanceOf(DangkyError);
      expect((error as DangkyError).code).toMatch(/^DK_ERR_CHIP_TLV_/);
    }
  };

  it('random bytes: only our typed error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyTyped), { numRuns: 2000 });
  });

  it('mutated valid TLV: only our typed error, and unmutated parses', () => {
    const valid = hexToBytes('60145F0104303130365F36063034303030305C026175');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(valid.length),
        (edits, cut) => {
          const bytes = valid.slice(0, Math.max(1, cut));
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          onlyTyped(bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips any generated tree', () => {
    const leaf = fc.record({ tag: fc.constantFrom(0x04, 0x0c, 0x5f1f, 0x80), value: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(fc.array(leaf, { maxLength: 5 }), (leaves) => {
        const inner = leaves.map((l) => encodeTlv(l.tag, l.value));
        const joined = new Uint8Array(inner.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of inner) joined.set(b, (at += b.length) - b.length);
        const node = parseTlv(encodeTlv(0x7f61, joined));
        expect(node.children?.map((c) => bytesToHex(c.value))).toEqual(leaves.map((l) => bytesToHex(l.value)));
      }),
      { numRuns: 300 },
    );
  });
});
