/**
 * The name of a pre-synthesised clip: a hash of the words as a person sees them, so the kiosk
 * finds the clip for any text on screen (a heading, a button, an error) without a table from
 * components to clips, and the pack builder and the page agree without sharing state.
 * Symbols (arrows, ⌫) are not spoken; spacing does not count.
 */
export function speakableText(text: string): string {
  return text.normalize('NFC').replace(/\p{S}/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** cyrb53: 53 bits, so a few thousand clips never collide in practice; base 36. */
export function clipId(text: string): string {
  const s = speakableText(text);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Whether a text has anything to say (letters or digits). */
export const isSpeakable = (text: string): boolean => /[\p{L}\p{N}]/u.test(speakableText(text));
