import { describe, expect, it } from 'vitest';
import { codeGroups, errorRegistry } from './registry.ts';

describe('error registry', () => {
  it('no two areas claim the same code', () => {
    const seen = new Map<string, string>();
    for (const [group, codes] of Object.entries(codeGroups)) {
      for (const code of Object.keys(codes)) {
        expect(seen.get(code), `${code} is in ${seen.get(code)} and ${group}`).toBeUndefined();
        seen.set(code, group);
      }
    }
    expect(seen.size).toBe(Object.keys(errorRegistry).length);
  });

  it.each(Object.entries(errorRegistry))('%s has a status, an English and a Vietnamese message', (code, spec) => {
    expect(code).toMatch(/^DK_ERR_[A-Z0-9_]+$/);
    expect(spec.status).toBeGreaterThanOrEqual(400);
    expect(spec.status).toBeLessThan(600);
    expect(spec.en.length).toBeGreaterThan(5);
    expect(spec.vi.length).toBeGreaterThan(5);
  });
});
