import { describe, expect, it } from 'vitest';
import { waitLine } from './display-texts.ts';

describe("the display's wait line per desk", () => {
  it("says the range as the kiosk's ticket does, in both languages", () => {
    expect(waitLine({ lowMinutes: 10, highMinutes: 20, basis: 'measured-today' })).toEqual({
      vi: 'khoảng 10–20 phút',
      en: 'about 10–20 minutes',
    });
  });

  it('says no counter serves the desk now, and nothing when the server did not say', () => {
    expect(waitLine(null)).toEqual({ vi: 'Chưa có quầy phục vụ', en: 'No counter serving now' });
    expect(waitLine(undefined)).toBeNull();
  });
});
