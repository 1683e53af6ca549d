import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStationHash, stationHash } from './station-link.ts';

describe('station links', () => {
  it('reads back the link it writes, and is not another link', () => {
    const link = { agentUrl: 'ws://127.0.0.1:4111', agentSecret: 's'.repeat(32) };
    expect(parseStationHash(stationHash(link))).toEqual(link);
    expect(parseStationHash('#enrol=abc')).toBeNull();
    expect(parseStationHash('')).toBeNull();
  });

  it('refuses anything malformed with one code, never throwing anything else', () => {
    const short = btoa(JSON.stringify({ agentUrl: 'ws://127.0.0.1:1', agentSecret: 'short' }));
    const http = btoa(JSON.stringify({ agentUrl: 'http://127.0.0.1:1', agentSecret: 's'.repeat(32) }));
    for (const bad of ['#station=', '#station=!!', `#station=${short}`, `#station=${http}`, `#station=${'A'.repeat(3000)}`]) {
      expect(() => parseStationHash(bad)).toThrow(expect.objectContaining({ code: 'DK_ERR_PAIRING_INVALID' }));
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (rest) => {
        try {
          parseStationHash(`#station=${rest}`);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('DK_ERR_PAIRING_INVALID');
        }
      }),
    );
  });
});
