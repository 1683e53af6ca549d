/**
 * Advances a device's contiguous sequence over the seqs stored above it and lists the gaps
 * (the events the server has not seen yet, lowest first) — pure, so it is tested alone.
 */
export function advanceSequence(
  contiguous: number,
  storedAbove: readonly number[],
  maxMissing = 100,
): { contiguous: number; missing: number[] } {
  const seqs = [...storedAbove].sort((a, b) => a - b);
  let next = contiguous;
  let i = 0;
  while (i < seqs.length && seqs[i]! <= next + 1) {
    next = Math.max(next, seqs[i]!);
    i++;
  }
  const missing: number[] = [];
  let expected = next + 1;
  for (; i < seqs.length && missing.length < maxMissing; i++) {
    for (let s = expected; s < seqs[i]! && missing.length < maxMissing; s++) missing.push(s);
    expected = seqs[i]! + 1;
  }
  return { contiguous: next, missing };
}
