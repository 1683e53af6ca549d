import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventEnvelope } from '../events/envelope.ts';
import { registrationEvents } from '../testing/registration-events.ts';
import { SYLLABLES } from '../vietnamese/word-list.ts';
import { address, fullName } from './identity.ts';
import { isStorableText } from './primitives.ts';

/**
 * A NUL or a lone surrogate — what a paste or a faulty scanner can bring — is refused where it is
 * typed (the field's schema) and wherever else it hides in an event (the envelope), with the
 * code the kiosk shows at the field; everything Vietnamese people write passes.
 */
const UNSTORABLE = ['\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

/** Any well-formed text with one unstorable character put in it (a well-formed neighbour cannot pair with it). */
const spoiled = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...UNSTORABLE), fc.string({ unit: 'binary', maxLength: 40 }))
  .map(([before, bad, after]) => `a${before}${bad}${after}`);

/** A Vietnamese address as people write it: a house number, then syllables of the word list. */
const vietnameseText = fc
  .tuple(fc.nat({ max: 999 }), fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 12 }))
  .map(([n, words]) => `Số ${n}, ${words.join(' ')}`);

const codesOf = (issues: readonly { message: string }[]) => issues.map((i) => i.message);

describe('storable text', () => {
  it('refuses any text holding a NUL or a lone surrogate, in the field and in the event', () => {
    const events = registrationEvents();
    fc.assert(
      fc.property(spoiled, (text) => {
        expect(isStorableText(text)).toBe(false);
        const field = address.safeParse(text);
        expect(field.success).toBe(false);
        expect(codesOf(field.error!.issues)).toEqual(['DK_ERR_TEXT_UNSTORABLE']);
        // A field with no rule of its own (the cancellation note) is caught by the envelope, at its path.
        const cancelled = eventEnvelope.safeParse({
          ...events.called(),
          type: 'registration.cancelled',
          payload: { ...events.by, reason: 'other', note: text },
        });
        expect(cancelled.success).toBe(false);
        expect(cancelled.error!.issues.map((i) => [i.message, i.path.join('.')])).toEqual([['DK_ERR_TEXT_UNSTORABLE', 'payload.note']]);
      }),
    );
  });

  it('accepts ordinary Vietnamese text, in the field and in the event', () => {
    const events = registrationEvents();
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(isStorableText(text)).toBe(true);
        expect(address.parse(text)).toBe(text.normalize('NFC'));
        expect(() => events.submitted({ kind: 'eid-level2' }, { identity: { address: text } })).not.toThrow();
      }),
    );
  });

  it('keeps a field’s own rule where it has one, and pairs of surrogates (emoji, rare Han) are text like any other', () => {
    expect(codesOf(fullName.safeParse('Nguyễn\u0000An').error!.issues)).toEqual(['DK_ERR_TEXT_UNSTORABLE']);
    expect(codesOf(fullName.safeParse('Nguyễn 4n').error!.issues)).toEqual(['DK_ERR_NAME_INVALID']);
    expect(isStorableText('Phố 𠀧 😀')).toBe(true);
  });
});
