import { applyTone, telexKey, typeLetter, type Tone } from '@dangky/core/vietnamese';

/**
 * What one key of the on-screen keyboards does to a field's value. Pure, so the keyboards stay
 * thin and this is tested without a browser. Letters go through the Telex composer (or are typed
 * as they are with Telex off); shaped letters and tone keys are direct; every result is NFC.
 */
export type KeyPress =
  | { kind: 'letter'; key: string }
  | { kind: 'tone'; tone: Exclude<Tone, 'ngang'> }
  | { kind: 'char'; char: string }
  | { kind: 'space' }
  | { kind: 'backspace' };

export interface EditOptions {
  /** Letters are Telex keys (aa → â, s → sắc …); off, each letter is typed as it is. Default on. */
  telex?: boolean;
  /** Capital letter at the start of each word (names, addresses). Default off. */
  capitalizeWords?: boolean;
  /** Shift held for this key. */
  shift?: boolean;
  maxLength?: number;
}

const startsWord = (value: string) => value === '' || /[\s\-(/,.]$/u.test(value);

export function pressKey(value: string, press: KeyPress, options: EditOptions = {}): string {
  const before = value.normalize('NFC');
  const next = ((): string => {
    switch (press.kind) {
      case 'backspace':
        return [...before].slice(0, -1).join('');
      case 'space':
        return before === '' || before.endsWith(' ') ? before : `${before} `;
      case 'char':
        return before + press.char;
      case 'tone':
        return applyTone(before, press.tone);
      case 'letter': {
        const upper = options.shift === true || (options.capitalizeWords === true && startsWord(before));
        const key = upper ? press.key.toUpperCase() : press.key.toLowerCase();
        // A shaped letter (â, ư, đ …) is never a Telex key: it is the letter.
        if (options.telex === false || !/^[a-z]$/i.test(key)) return typeLetter(before, key);
        return telexKey(before, key);
      }
    }
  })().normalize('NFC');
  return options.maxLength !== undefined && [...next].length > options.maxLength ? before : next;
}

/** A digit key on a number pad: typed up to `maxLength` digits; anything else in the value is dropped. */
export function pressDigit(value: string, key: string | 'backspace', maxLength: number): string {
  const digits = value.replace(/\D/g, '');
  if (key === 'backspace') return digits.slice(0, -1);
  return /^\d$/.test(key) && digits.length < maxLength ? digits + key : digits;
}
