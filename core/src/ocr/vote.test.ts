import { describe, expect, it } from 'vitest';
import { parseMrz } from '../id/index.ts';
import { createMrzVoter } from './index.ts';

const TODAY = { today: '2026-11-29' };
const GOOD = parseMrz(['IDVNM0990123459001099012345<<0', '9905153M3905151VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'], TODAY);
const OTHER = parseMrz(['IDVNM0990123459001099012345<<0', '9905153M3905151VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<AM<<<<<<<<<<<<<<<<'], TODAY);
const BAD = parseMrz(['IDVNM0990123459001099012345<<0', '9905153M3905151VNM<<<<<<<<<<<9', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'], TODAY);

describe('createMrzVoter', () => {
  it('accepts on the second identical valid frame, not the first', () => {
    const voter = createMrzVoter();
    expect(voter.add(GOOD)).toBeNull();
    expect(voter.add(null)).toBeNull();
    expect(voter.add(GOOD)).toBe(GOOD);
  });

  it('two different valid readings do not agree', () => {
    const voter = createMrzVoter();
    expect(voter.add(GOOD)).toBeNull();
    expect(voter.add(OTHER)).toBeNull();
    expect(voter.add(OTHER)).toBe(OTHER);
  });

  it('a reading failing a check digit never counts', () => {
    const voter = createMrzVoter();
    expect(voter.add(BAD)).toBeNull();
    expect(voter.add(BAD)).toBeNull();
  });

  it('forgets frames older than the window, and on reset', () => {
    const voter = createMrzVoter({ window: 3 });
    voter.add(GOOD);
    voter.add(null);
    voter.add(null);
    expect(voter.add(GOOD)).toBeNull();
    voter.reset();
    expect(voter.add(GOOD)).toBeNull();
  });
});
