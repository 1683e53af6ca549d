import { DangkyError } from '../errors/index.ts';

/**
 * BER-TLV as ICAO 9303 and ISO 7816-4 use it: multi-byte tags (up to 4 bytes, e.g. `5F1F`,
 * `7F61`), definite lengths only (short form or `81`–`84`). The input comes from a chip we do
 * not trust yet, so every length is checked against the bytes left and a ceiling, nesting is
 * bounded, and every failure is a `DangkyError` — never a RangeError, never a hang.
 *
 * Values are sub-arrays of the input (no copies), and each node keeps its `raw` bytes so hashes
 * can be taken over exactly what was read, never over a re-encoding.
 */

export interface Tlv {
  /** The tag as a number, bytes big-endian: `0x61`, `0x5F1F`, `0x7F61`. */
  readonly tag: number;
  readonly constructed: boolean;
  /** The value bytes. */
  readonly value: Uint8Array;
  /** Tag + length + value, exactly as read. */
  readonly raw: Uint8Array;
  /** Parsed children when `constructed` and `parseChildren` was on; otherwise undefined. */
  readonly children?: readonly Tlv[];
}

export interface TlvOptions {
  /** Largest value length accepted, in bytes. Default 65,536 (64 KiB); DG2 callers raise it. */
  maxLength?: number;
  /** Deepest nesting of constructed nodes parsed. Default 16. */
  maxDepth?: number;
  /** Parse constructed values into `children`. Default true. */
  parseChildren?: boolean;
}

const DEFAULT_MAX_LENGTH = 65_536;
const DEFAULT_MAX_DEPTH = 16;

const malformed = (reason: string, offset: number): DangkyError =>
  new DangkyError('DK_ERR_CHIP_TLV_MALFORMED', { detail: { reason, offset } });

export interface TlvHeader {
  tag: number;
  constructed: boolean;
  length: number;
  /** Bytes of tag + length. */
  headerLength: number;
}

/**
 * Reads one tag and length starting at `offset`, without looking at the value. Exported for
 * readers that only have the first bytes of a file (to learn how long the file is).
 */
export function readTlvHeader(bytes: Uint8Array, offset = 0, options: Pick<TlvOptions, 'maxLength'> = {}): TlvHeader {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  let at = offset;
  const first = bytes[at++];
  if (first === undefined) throw malformed('missing tag', offset);
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Multi-byte tag: continuation bytes have bit 8 set; at most 3 of them.
    let count = 0;
    for (;;) {
      const next = bytes[at++];
      if (next === undefined) throw malformed('truncated tag', offset);
      if (++count > 3) throw malformed('tag longer than 4 bytes', offset);
      tag = tag * 256 + next;
      if ((next & 0x80) === 0) break;
    }
  }
  const lengthByte = bytes[at++];
  if (lengthByte === undefined) throw malformed('missing length', offset);
  let length: number;
  if (lengthByte < 0x80) {
    length = lengthByte;
  } else if (lengthByte === 0x80) {
    throw malformed('indefinite length', offset);
  } else {
    const count = lengthByte & 0x7f;
    if (count > 4) throw malformed('length field longer than 4 bytes', offset);
    length = 0;
    for (let i = 0; i < count; i++) {
      const next = bytes[at++];
      if (next === undefined) throw malformed('truncated length', offset);
      length = length * 256 + next;
    }
  }
  if (length > maxLength) {
    throw new DangkyError('DK_ERR_CHIP_TLV_TOO_LARGE', { detail: { length, maxLength, offset } });
  }
  return { tag, constructed: (first & 0x20) !== 0, length, headerLength: at - offset };
}

function parseNodes(bytes: Uint8Array, start: number, end: number, depth: number, options: Required<TlvOptions>): Tlv[] {
  if (depth > options.maxDepth) {
    throw new DangkyError('DK_ERR_CHIP_TLV_TOO_DEEP', { detail: { maxDepth: options.maxDepth, offset: start } });
  }
  const nodes: Tlv[] = [];
  let at = start;
  while (at < end) {
    const header = readTlvHeader(bytes.subarray(0, end), at, options);
    const valueStart = at + header.headerLength;
    const valueEnd = valueStart + header.length;
    if (valueEnd > end) throw malformed('length beyond the bytes left', at);
    const value = bytes.subarray(valueStart, valueEnd);
    const raw = bytes.subarray(at, valueEnd);
    const node: Tlv =
      header.constructed && options.parseChildren
        ? { tag: header.tag, constructed: true, value, raw, children: parseNodes(bytes, valueStart, valueEnd, depth + 1, options) }
        : { tag: header.tag, constructed: header.constructed, value, raw };
    nodes.push(node);
    at = valueEnd;
  }
  return nodes;
}

const withDefaults = (options: TlvOptions): Required<TlvOptions> => ({
  maxLength: options.maxLength ?? DEFAULT_MAX_LENGTH,
  maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  parseChildren: options.parseChildren ?? true,
});

/** Parses a sequence of TLVs filling `bytes` exactly (trailing garbage is an error). */
export function parseTlvList(bytes: Uint8Array, options: TlvOptions = {}): Tlv[] {
  return parseNodes(bytes, 0, bytes.length, 1, withDefaults(options));
}

/** Parses exactly one TLV filling `bytes`. */
export function parseTlv(bytes: Uint8Array, options: TlvOptions = {}): Tlv {
  const nodes = parseTlvList(bytes, options);
  const [only] = nodes;
  if (!only || nodes.length !== 1) throw malformed(nodes.length === 0 ? 'empty input' : 'trailing bytes after the TLV', 0);
  return only;
}

/** The first child with this tag, or undefined. */
export const findTlv = (nodes: readonly Tlv[] | undefined, tag: number): Tlv | undefined => nodes?.find((n) => n.tag === tag);

/** The first child with this tag; a typed error when it is missing. */
export function requireTlv(nodes: readonly Tlv[] | undefined, tag: number): Tlv {
  const found = findTlv(nodes, tag);
  if (!found) throw malformed(`missing tag ${tag.toString(16)}`, 0);
  return found;
}

/** DER length bytes for `length` (short form below 128, else 81–84 form). */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new RangeError('bad TLV length');
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Encodes one TLV: `tag` as a number (1–4 bytes), value bytes as given. */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes: number[] = [];
  for (let rest = tag; ; rest = Math.floor(rest / 256)) {
    tagBytes.unshift(rest % 256);
    if (rest < 256) break;
  }
  const length = encodeLength(value.length);
  const out = new Uint8Array(tagBytes.length + length.length + value.length);
  out.set(tagBytes, 0);
  out.set(length, tagBytes.length);
  out.set(value, tagBytes.length + length.length);
  return out;
}
