import { clipId, isSpeakable, speakableText } from './clip-id.ts';

/**
 * Which clips say a text on screen. A text from the catalogues has its own clip. A text built
 * from a template (`Bước {n} / {total}`, a ticket number) is said as the template's fixed parts
 * with the values between them: whole when the pack holds them (the numbers up to 60), else digit
 * by digit and letter by letter (a ticket `A-023` is read "A, 0, 2, 3"). Anything else (a citizen's own name) has no clip and is left unsaid.
 */
export interface SpeechPack {
  /** Clip ids that exist for this language. */
  clips: ReadonlySet<string>;
  /** The catalogue's messages with placeholders, as written (`Bước {n} / {total}`). */
  templates: readonly string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Fixed parts of a template, as the builder synthesises them. */
export function templateParts(template: string): string[] {
  return template
    .split(/\{\w+\}/)
    .map(speakableText)
    .filter((part) => isSpeakable(part));
}

/** A value between fixed parts: each letter or digit on its own (the builder makes those clips). */
export function valueUnits(value: string): string[] {
  return [...speakableText(value).replace(/[^\p{L}\p{N}]/gu, '')].map((ch) => ch.toUpperCase());
}

/**
 * A value said whole when the pack has it (a number the pack holds, "18" read as a number, not
 * "one, eight"; a provider's name), else letter by letter (a ticket number, an unknown name).
 */
function valueClips(value: string, pack: SpeechPack): string[] {
  const whole = clipId(value);
  return pack.clips.has(whole) ? [whole] : valueUnits(value).map(clipId);
}

export function planSpeech(text: string, pack: SpeechPack): string[] | null {
  const said = speakableText(text);
  if (!isSpeakable(said)) return [];
  const whole = clipId(said);
  if (pack.clips.has(whole)) return [whole];
  for (const template of pack.templates) {
    const pieces = template.split(/\{\w+\}/).map(speakableText);
    const pattern = new RegExp(`^${pieces.map(escape).join('(.+?)')}$`, 'u');
    const m = pattern.exec(said);
    if (!m) continue;
    const plan: string[] = [];
    pieces.forEach((piece, i) => {
      if (isSpeakable(piece)) plan.push(clipId(piece));
      const value = m[i + 1];
      if (value !== undefined) plan.push(...valueClips(value, pack));
    });
    if (plan.every((id) => pack.clips.has(id))) return plan;
  }
  return null;
}
