/**
 * The bytes an attacker reads out of a LevelDB table file (`*.ldb`, what Chromium's IndexedDB
 * compacts its log into): each data block decompressed. Blocks are Snappy-compressed on disk,
 * so a plain byte search of the file can miss a value that is there in full; this walks the
 * table's index and returns every block as stored records (keys and values, uncompressed).
 *
 * Table layout (leveldb/table_format.md): blocks, each followed by a 1-byte compression type
 * (0 none, 1 Snappy) and a 4-byte checksum; a 48-byte footer at the end holding the metaindex
 * and index block handles (varints) and the magic number. The index block's values are the
 * data blocks' handles.
 */

const MAGIC = 0xdb4775248b80fb57n;

function varint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error('varint past the end');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

/** Snappy's raw format (format_description.txt): a varint length, then literals and back-references. */
export function snappyDecompress(input: Uint8Array): Buffer {
  const [length, start] = varint(input, 0);
  const out = Buffer.alloc(length);
  let o = 0;
  let i = start;
  while (i < input.length) {
    const tag = input[i++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = (tag >> 2) + 1;
      if (len > 60) {
        const extra = len - 60;
        len = 0;
        for (let k = 0; k < extra; k++) len += input[i++]! * 256 ** k;
        len += 1;
      }
      out.set(input.subarray(i, i + len), o);
      i += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | input[i++]!;
    } else if (kind === 2) {
      len = (tag >> 2) + 1;
      offset = input[i]! | (input[i + 1]! << 8);
      i += 2;
    } else {
      len = (tag >> 2) + 1;
      offset = (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0;
      i += 4;
    }
    if (offset === 0 || offset > o) throw new Error('snappy back-reference out of range');
    for (let k = 0; k < len; k++, o++) out[o] = out[o - offset]!;
  }
  return out;
}

function block(file: Buffer, offset: number, size: number): Buffer {
  const contents = file.subarray(offset, offset + size);
  const type = file[offset + size];
  return type === 1 ? snappyDecompress(contents) : Buffer.from(contents);
}

/** The handles (offset, size) in a block's entries' values: the index block's list of data blocks. */
function handlesIn(indexBlock: Buffer): { offset: number; size: number }[] {
  const restarts = indexBlock.readUInt32LE(indexBlock.length - 4);
  const end = indexBlock.length - 4 - 4 * restarts;
  const handles: { offset: number; size: number }[] = [];
  let at = 0;
  while (at < end) {
    const [, a] = varint(indexBlock, at);
    const [unshared, b] = varint(indexBlock, a);
    const [valueLength, c] = varint(indexBlock, b);
    const valueAt = c + unshared;
    const [offset, d] = varint(indexBlock, valueAt);
    const [size] = varint(indexBlock, d);
    handles.push({ offset, size });
    at = valueAt + valueLength;
  }
  return handles;
}

/** Every data block of a LevelDB table, decompressed; null when `file` is not a table. */
export function tableBlocks(file: Buffer): Buffer[] | null {
  if (file.length < 48 || file.readBigUInt64LE(file.length - 8) !== MAGIC) return null;
  const footer = file.subarray(file.length - 48);
  const [, a] = varint(footer, 0);
  const [, b] = varint(footer, a);
  const [indexOffset, c] = varint(footer, b);
  const [indexSize] = varint(footer, c);
  return handlesIn(block(file, indexOffset, indexSize)).map((h) => block(file, h.offset, h.size));
}
