import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient, type AgentClient, type AgentNotification, type TokenSlot } from '@dangky/core/agent';
import { tokenHandlers } from './handlers.ts';
import { startAgent, type RunningAgent } from './server.ts';
import { ORIGIN, SECRET, until, wsFrom } from './test-helpers.ts';
import { openTokenSlot } from './token-setup.ts';
import { DEMO_TOKEN_LABEL } from './token-sim.ts';
import { createPkcs11Client, type Pkcs11Client } from '../token/pkcs11-client.ts';

/**
 * The token slot through a real agent and the page's client: the simulated token store
 * (SoftHSM2) is stocked with one blank token, the slot list arrives as `token.slots`, an
 * issuance reports every step as `token.progress` and answers with a verified certificate,
 * and a token that is not the one the page saw is never touched. After issuance the citizen's
 * PIN is unblocked (after a lockout where the module has one) and the certificate revoked, as
 * an outside client (a second PKCS#11 process, `openssl crl`) sees it.
 */

const CANARY = '48291537';
let dir: string;
let slot: Awaited<ReturnType<typeof openTokenSlot>>;
let agent: RunningAgent;
let client: AgentClient;
const seen: AgentNotification[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-token-agent-'));
  writeFileSync(join(dir, 'so.pin'), 'so-pin-for-tests-1\n', { mode: 0o600 });
  slot = await openTokenSlot({
    stationId: 'counter-test',
    soPinFile: join(dir, 'so.pin'),
    ca: 'builtin',
    caDir: join(dir, 'ca'),
    simulateDir: join(dir, 'tokens'),
  });
  agent = await startAgent({
    port: 0,
    stationId: 'counter-test',
    origins: [ORIGIN],
    pairingSecret: SECRET,
    devices: [slot.device],
    handlers: tokenHandlers(slot.device),
  });
  client = createAgentClient({ url: agent.url, pairingSecret: SECRET, client: 'test', WebSocketImpl: wsFrom(ORIGIN) });
  client.onNotification((n) => seen.push(n));
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.close();
  await slot?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('token slot on the agent', () => {
  let blank: TokenSlot;
  let certificateSerial = '';

  it('lists one blank demo token (the page asks once; changes are pushed after)', async () => {
    const { slots } = await client.request('token.list', {});
    expect(slots).toHaveLength(1);
    blank = slots[0]!;
    expect(blank).toMatchObject({ label: DEMO_TOKEN_LABEL, initialized: true, userPinInitialized: false, model: 'SoftHSM v2' });
    expect(blank.serial).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a token other than the one the page saw, without touching it', async () => {
    const result = await client.request('token.issue', {
      slotId: blank.slotId,
      tokenSerial: 'ffffffffffffffff',
      fullName: 'Trần Văn Bình',
      idNumber: '079099012345',
      province: 'Hà Nội',
      keyType: 'p256',
      userPin: CANARY,
    });
    expect(result).toEqual({ issued: false, code: 'DK_ERR_TOKEN_NOT_FOUND', step: null, wiped: null, certificateRevoked: null });
    const { slots } = await client.request('token.list', {});
    expect(slots[0]).toEqual(blank);
  });

  it('refuses a PIN outside the policy before the token is touched', async () => {
    const result = await client.request('token.issue', {
      slotId: blank.slotId,
      tokenSerial: blank.serial,
      fullName: 'Trần Văn Bình',
      idNumber: '079099012345',
      province: 'Hà Nội',
      keyType: 'p256',
      userPin: '123456',
    });
    expect(result).toMatchObject({ issued: false, code: 'DK_ERR_TOKEN_PIN_SEQUENCE', step: null });
  });

  it('issues on the blank token with progress per step and a verified certificate for the holder', async () => {
    const before = seen.length;
    const result = await client.request('token.issue', {
      slotId: blank.slotId,
      tokenSerial: blank.serial,
      fullName: 'Nguyễn Thị Ánh Tuyết',
      idNumber: '079199012345',
      province: 'Thành phố Hồ Chí Minh',
      keyType: 'p256',
      userPin: CANARY,
    });
    expect(result.issued).toBe(true);
    if (!result.issued) return;
    certificateSerial = result.certificateSerial;
    expect(result.tokenSerial).toBe(blank.serial);
    expect(result.verification.verified).toBe(true);
    expect(result.certificatePem).toContain('BEGIN CERTIFICATE');
    const days = (Date.parse(result.notAfter) - Date.parse(result.notBefore)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(364);
    const progress = seen.slice(before).filter((n) => n.type === 'token.progress');
    expect(progress.filter((p) => p.state === 'done').map((p) => p.step)).toEqual([
      'initialise',
      'set-pin',
      'generate-key',
      'request',
      'certify',
      'write-certificate',
      'verify',
    ]);
    expect(JSON.stringify(seen)).not.toContain(CANARY);
    // The slot list now shows the token in use: it is not offered for issuance again.
    await until(
      () => seen.some((n) => n.type === 'token.slots' && n.slots.some((s) => s.serial === blank.serial && s.userPinInitialized)),
      5_000,
    );
    const again = await client.request('token.issue', {
      slotId: (await client.request('token.list', {})).slots[0]!.slotId,
      tokenSerial: blank.serial,
      fullName: 'Nguyễn Thị Ánh Tuyết',
      idNumber: '079199012345',
      province: 'Hà Nội',
      keyType: 'p256',
      userPin: CANARY,
    });
    expect(again).toMatchObject({ issued: false, code: 'DK_ERR_TOKEN_NOT_BLANK' });
  }, 60_000);

  describe('after issuance', () => {
    const NEW_PIN = '60419283';
    let issued: TokenSlot;
    let outside: Pkcs11Client;
    const openOutside = () => createPkcs11Client({ modulePath: slot.modulePath, env: { ...process.env, SOFTHSM2_CONF: slot.tokenStore! } });

    beforeAll(async () => {
      expect(certificateSerial).not.toBe('');
      issued = (await client.request('token.list', {})).slots.find((s) => s.serial === blank.serial)!;
      // An outside PKCS#11 client on the same token store, as a technician's tool would be.
      outside = openOutside();
    });
    afterAll(() => outside?.close());

    it('refuses an unblock PIN outside the policy, and a token other than the one shown', async () => {
      await expect(
        client.request('token.unblock', { slotId: issued.slotId, tokenSerial: issued.serial, newUserPin: '111111' }),
      ).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_PIN_REPEATED' });
      await expect(
        client.request('token.unblock', { slotId: issued.slotId, tokenSerial: 'ffffffffffffffff', newUserPin: NEW_PIN }),
      ).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_NOT_FOUND' });
    });

    it('unblocks after wrong PINs (to the lockout, where the module has one): the new PIN logs in, the old one no longer', async () => {
      const token = { labelOrSerial: issued.serial };
      for (let i = 0; i < 12; i++) {
        const error = (await outside.call('login', { token, user: 'user', pin: '999999' }).catch((e: unknown) => e)) as { code?: string };
        expect(['DK_ERR_TOKEN_PIN_INCORRECT', 'DK_ERR_TOKEN_PIN_LOCKED']).toContain(error.code);
        if (error.code === 'DK_ERR_TOKEN_PIN_LOCKED') break;
      }
      const before = seen.length;
      const result = await client.request('token.unblock', { slotId: issued.slotId, tokenSerial: issued.serial, newUserPin: NEW_PIN });
      expect(result).toEqual({ unblocked: true, tokenSerial: issued.serial, verified: true });
      // SoftHSM caches a token's PIN per process: a fresh outside process reads the token anew.
      await outside.close();
      outside = openOutside();
      await expect(outside.call('login', { token, user: 'user', pin: NEW_PIN })).resolves.toBeNull();
      await expect(outside.call('login', { token, user: 'user', pin: CANARY })).rejects.toMatchObject({
        code: 'DK_ERR_TOKEN_PIN_INCORRECT',
      });
      // The key and certificate are still there: an unblock is not a re-issue.
      expect((await outside.call('listObjects', { token, pin: NEW_PIN })).map((o) => o.class).sort()).toEqual([
        'certificate',
        'private-key',
        'public-key',
      ]);
      expect(JSON.stringify(seen.slice(before))).not.toContain(NEW_PIN);
      const listed = (await client.request('token.list', {})).slots.find((s) => s.serial === issued.serial);
      expect(listed).toMatchObject({ userPinInitialized: true, userPinLocked: false });
    }, 30_000);

    it('revokes the certificate at the CA: the CRL lists it with the reason, a second revoke and an unknown serial are refused', async () => {
      const result = await client.request('token.revoke', {
        tokenSerial: issued.serial,
        certificateSerial: certificateSerial.toUpperCase().replace(/(..)(?!$)/g, '$1:'),
        reason: 'lost',
      });
      expect(result).toMatchObject({ revoked: true, certificateSerial, inCrl: true });
      expect(Math.abs(Date.parse(result.revokedAt) - Date.now())).toBeLessThan(60_000);
      const text = execFileSync('openssl', ['crl', '-noout', '-text'], { input: await slot.ca.crl(), encoding: 'utf8' });
      expect(text.replace(/[:\s]/g, '').toLowerCase()).toContain(`serialnumber${certificateSerial}`);
      expect(text).toMatch(/Key Compromise/);
      await expect(client.request('token.revoke', { tokenSerial: issued.serial, certificateSerial, reason: 'lost' })).rejects.toMatchObject(
        { code: 'DK_ERR_CA_ALREADY_REVOKED' },
      );
      await expect(
        client.request('token.revoke', { tokenSerial: issued.serial, certificateSerial: 'abcdef0123', reason: 'lost' }),
      ).rejects.toMatchObject({ code: 'DK_ERR_CA_SERIAL_UNKNOWN' });
    }, 30_000);
  });
});
