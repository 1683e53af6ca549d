import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DangkyError } from '../errors/dangky-error.ts';
import { handoffCodes } from '../errors/codes/handoff.ts';
import { longHandoff, typicalHandoff as registration } from '../testing/handoff-registrations.ts';
import { base45Decode, base45Encode } from './base45.ts';
import { qrVersionAtM, ticketModuleDots } from './qr-version.ts';
import { SEAL_PREFIX } from './seal.ts';
import { openRegistration, sealRegistration } from './seal-registration.ts';
import { generateSiteKey, importSitePrivateKey } from './site-key.ts';

const now = new Date('2026-12-05T10:00:00+07:00');
const handoffCode = (e: unknown) => (e instanceof DangkyError ? e.code : `not a DangkyError: ${String(e)}`);

async function siteKeys() {
  const current = await generateSiteKey();
  const opening = [{ kid: current.kid, privateKey: await importSitePrivateKey(current) }];
  return { current, opening };
}

describe('the hand-off seal', () => {
  it('opens on the site counter to the registration the kiosk sealed', async () => {
    const { current, opening } = await siteKeys();
    const text = await sealRegistration(registration, current);
    expect(text.startsWith(SEAL_PREFIX)).toBe(true);
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    const opened = await openRegistration(text, { siteId: 'hcm-ben-thanh', keys: opening, now });
    expect(opened).toEqual(registration);
  });

  it('after a rotation, a counter holding the new and the previous key opens tickets sealed with either', async () => {
    const previous = await siteKeys();
    const next = await siteKeys();
    const keys = [...next.opening, ...previous.opening];
    for (const key of [previous.current, next.current]) {
      const opened = await openRegistration(await sealRegistration(registration, key), { siteId: 'hcm-ben-thanh', keys, now });
      expect(opened.draft.registrationId).toBe(registration.draft.registrationId);
    }
  });

  it('refuses a ticket of another site, sealed to a key this counter does not hold', async () => {
    const other = await siteKeys();
    const mine = await siteKeys();
    const text = await sealRegistration(registration, other.current);
    await expect(openRegistration(text, { siteId: 'hcm-ben-thanh', keys: mine.opening, now }).catch(handoffCode)).resolves.toBe(
      'DK_ERR_HANDOFF_OTHER_SITE',
    );
  });

  it('refuses a ticket that names another site even when it opens (a key shared by mistake)', async () => {
    const { current, opening } = await siteKeys();
    const text = await sealRegistration(registration, current);
    await expect(openRegistration(text, { siteId: 'hn-hoan-kiem', keys: opening, now }).catch(handoffCode)).resolves.toBe(
      'DK_ERR_HANDOFF_OTHER_SITE',
    );
  });

  it('refuses yesterday’s ticket the next Ho Chi Minh day, and serves it until midnight', async () => {
    const { current, opening } = await siteKeys();
    const text = await sealRegistration(registration, current);
    const open = (at: string) => openRegistration(text, { siteId: 'hcm-ben-thanh', keys: opening, now: new Date(at) });
    await expect(open('2026-12-05T23:59:59+07:00')).resolves.toBeTruthy();
    await expect(open('2026-12-06T00:00:00+07:00').catch(handoffCode)).resolves.toBe('DK_ERR_HANDOFF_EXPIRED');
  });

  it('refuses a ticket whose ciphertext, key id, key or version changed, each with its code', async () => {
    const { current, opening } = await siteKeys();
    const bytes = base45Decode((await sealRegistration(registration, current)).slice(SEAL_PREFIX.length))!;
    const flipped = (index: number) => {
      const copy = bytes.slice();
      copy[index]! ^= 0x01;
      return SEAL_PREFIX + base45Encode(copy);
    };
    const open = (text: string) => openRegistration(text, { siteId: 'hcm-ben-thanh', keys: opening, now }).catch(handoffCode);
    await expect(open(flipped(bytes.length - 30))).resolves.toBe('DK_ERR_HANDOFF_TAMPERED');
    await expect(open(flipped(bytes.length - 1))).resolves.toBe('DK_ERR_HANDOFF_TAMPERED');
    await expect(open(flipped(20))).resolves.toBe('DK_ERR_HANDOFF_TAMPERED');
    await expect(open(flipped(2))).resolves.toBe('DK_ERR_HANDOFF_OTHER_SITE');
    await expect(open(flipped(0))).resolves.toBe('DK_ERR_HANDOFF_VERSION');
    await expect(open('an ID card QR|079199012345|…')).resolves.toBe('DK_ERR_HANDOFF_MALFORMED');
  });

  it('says the counter holds no key yet instead of failing to open', async () => {
    const { current } = await siteKeys();
    const text = await sealRegistration(registration, current);
    await expect(openRegistration(text, { siteId: 'hcm-ben-thanh', keys: [], now }).catch(handoffCode)).resolves.toBe(
      'DK_ERR_HANDOFF_NO_KEY',
    );
  });

  it('fits a typical Vietnamese registration in a 58 mm QR at 4 dots (0.5 mm) per module, and a near-longest one at 3', async () => {
    const { current } = await siteKeys();
    const typical = qrVersionAtM(await sealRegistration(registration, current))!;
    const long = qrVersionAtM(await sealRegistration(longHandoff, current))!;
    // 58 mm paper prints 384 dots: version 16 is 81 modules + 8 of quiet zone = 89, ×4 dots = 356.
    expect(typical).toBeLessThanOrEqual(16);
    expect(ticketModuleDots(typical, 384)).toBeGreaterThanOrEqual(4);
    expect(long).toBeLessThanOrEqual(20);
    expect(ticketModuleDots(long, 384)).toBeGreaterThanOrEqual(3);
  });
});

describe('opening outside data (property)', () => {
  const codes = new Set(Object.keys(handoffCodes));
  const refusalOf = async (text: string, keys: Awaited<ReturnType<typeof siteKeys>>['opening']) => {
    try {
      await openRegistration(text, { siteId: 'hcm-ben-thanh', keys, now });
      return 'opened';
    } catch (error) {
      return error instanceof DangkyError && codes.has(error.code) ? 'refused' : `threw ${String(error)}`;
    }
  };

  it('refuses any text, any prefixed bytes, any truncation and any bit flip with a hand-off code, never another throw', async () => {
    const { current, opening } = await siteKeys();
    const bytes = base45Decode((await sealRegistration(registration, current)).slice(SEAL_PREFIX.length))!;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 600 }).map((b) => SEAL_PREFIX + base45Encode(b)),
          fc.uint8Array({ maxLength: 600 }).map((b) => SEAL_PREFIX + base45Encode(Uint8Array.of(1, ...bytes.subarray(1, 5), ...b))),
          fc.nat({ max: bytes.length - 1 }).map((n) => SEAL_PREFIX + base45Encode(bytes.subarray(0, n))),
          fc.record({ at: fc.nat({ max: bytes.length - 1 }), bit: fc.integer({ min: 0, max: 7 }) }).map(({ at, bit }) => {
            const copy = bytes.slice();
            copy[at]! ^= 1 << bit;
            return SEAL_PREFIX + base45Encode(copy);
          }),
          fc.string({ maxLength: 900 }).map((s) => SEAL_PREFIX + s),
        ),
        async (text) => {
          expect(await refusalOf(text, opening)).toBe('refused');
        },
      ),
      { numRuns: 300 },
    );
  });
});
