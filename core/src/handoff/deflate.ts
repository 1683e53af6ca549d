/**
 * Raw DEFLATE (RFC 1951) through the platform's compression streams, present in browsers and in
 * Node ≥ 20. A ticket's registration shrinks by about a third (repeated dates, the name in the
 * address, JSON punctuation), which is two to three QR versions on the paper.
 */
async function drain(
  stream: CompressionStream | DecompressionStream,
  input: Uint8Array<ArrayBuffer>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const writer = stream.writable.getWriter();
  // The reader reports a failure; the writer's own rejections would otherwise go unhandled.
  writer.write(input).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value!.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new RangeError(`inflated past ${limit} bytes`);
    }
    chunks.push(value!);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) out.set(chunk, (at += chunk.length) - chunk.length);
  return out;
}

export const deflateRaw = (bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  drain(new CompressionStream('deflate-raw'), bytes, 1 << 20);

/** Inflates at most `limit` bytes: whatever opened, it is never allowed to grow without bound. */
export const inflateRaw = (bytes: Uint8Array<ArrayBuffer>, limit: number): Promise<Uint8Array<ArrayBuffer>> =>
  drain(new DecompressionStream('deflate-raw'), bytes, limit);
