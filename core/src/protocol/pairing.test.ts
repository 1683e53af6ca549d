import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DangkyError } from '../errors/index.ts';
import { pairingHash, parsePairingHash, type PairingLink } from './pairing.ts';

const link: PairingLink = {
  server: 'http://127.0.0.1:4100',
  deviceId: 'counter-hcm-ben-thanh-1',
  deviceSecret: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  agentUrl: 'ws://127.0.0.1:4111',
  agentSecret: 'agent-secret',
  siteId: 'hcm-ben-thanh',
  siteName: 'UBND phường Bến Thành',
};

describe('parsePairingHash', () => {
  it('round-trips a link, Vietnamese site name included', () => {
    expect(parsePairingHash(pairingHash(link))).toEqual(link);
  });

  it('ignores hashes that are not pairing links', () => {
    expect(parsePairingHash('')).toBeNull();
    expect(parsePairingHash('#queue')).toBeNull();
  });

  it('refuses an incomplete link', () => {
    const { deviceSecret: _drop, ...partial } = link;
    expect(() => parsePairingHash(pairingHash(partial as PairingLink))).toThrow(DangkyError);
  });

  it('never throws anything but the pairing code on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.json().map((j) => pairingHash(JSON.parse(j) as PairingLink)),
        ),
        (raw) => {
          try {
            parsePairingHash(raw.startsWith('#pair=') ? raw : `#pair=${raw}`);
          } catch (e) {
            expect((e as DangkyError).code).toBe('DK_ERR_PAIRING_INVALID');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
