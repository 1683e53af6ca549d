import { describe, expect, it } from 'vitest';
import { foldRegistration } from '@dangky/core/events';
import { registrationEvents, tokenService } from '@dangky/core/testing';
import { storedRegistration } from './stored-registration.ts';

const { submitted, called } = registrationEvents();
const folded = foldRegistration([submitted(tokenService), called()]);
if (!folded.ok) throw new Error(folded.code);
const state = folded.state;

describe('storedRegistration', () => {
  it('reads a jsonb object and a JSON text alike', () => {
    expect(storedRegistration(state)).toEqual(state);
    expect(storedRegistration(JSON.stringify(state))).toEqual(state);
  });

  it.each([
    ['text that is not JSON', '{"registrationId":'],
    ['a row without the draft', { ...state, draft: undefined }],
    ['an unknown status', { ...state, status: 'lost' }],
    ['nothing', null],
  ])('refuses %s with DK_ERR_STORED_ROW_INVALID', (_, value) => {
    expect(() => storedRegistration(value)).toThrow(expect.objectContaining({ code: 'DK_ERR_STORED_ROW_INVALID' }));
  });
});
