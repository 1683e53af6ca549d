import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenIssueResult, TokenSlot } from '@dangky/core/agent';
import { SOFTHSM_MODULE } from '@dangky/pkcs11/softhsm';
import { createPkcs11Client } from '../token/pkcs11-client.ts';
import { openTokenSlot, type TokenSlotSetup } from './token-setup.ts';

/**
 * One issuance per registration, on the real PKCS#11 module (SoftHSM2) and the built-in CA
 * behind its simulated enrolment API: two requests for one registration — at once, or one after
 * the other as a reloaded counter sends — make one key pair on the token and one certificate at
 * the CA; an agent started again over the same journal answers with that result; a certificate
 * whose answer was lost (the CA did the work, the answer timed out) blocks a new attempt until
 * the agent has found it at the CA by its request id and revoked it. The journal holds no PIN
 * and no personal value.
 */

const CITIZEN_PIN = '538214';
const person = { fullName: 'Trần Thị Một Lần', idNumber: '079188004455', province: 'Thành phố Hồ Chí Minh' };
const registrationA = '01938a2b-7c4d-7e5f-8a6b-1c2d3e4f5a6b';
const registrationB = '01938a2b-7c4d-7e5f-8a6b-1c2d3e4f5a6c';
let dir: string;
let slot: TokenSlotSetup;
const faultFile = () => join(dir, 'ca-faults.json');
const caDir = () => join(dir, 'ca');

const open = () =>
  openTokenSlot({
    stationId: 'counter-once',
    soPinFile: join(dir, 'so.pin'),
    ca: 'builtin',
    caDir: caDir(),
    simulateDir: join(dir, 'tokens'),
    caFaultFile: faultFile(),
    caLatency: 'none',
    caRetry: { budgetMs: 900, attemptTimeoutMs: 400, baseDelayMs: 20, maxDelayMs: 50 },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-issue-once-'));
  writeFileSync(join(dir, 'so.pin'), 'so-pin-for-once-1\n', { mode: 0o600 });
  writeFileSync(faultFile(), '{}');
  slot = await open();
}, 60_000);
afterAll(async () => {
  await slot?.close();
  rmSync(dir, { recursive: true, force: true });
});

const blank = async (): Promise<TokenSlot> => {
  const found = (await slot.device.list()).find((s) => !s.userPinInitialized);
  if (!found) throw new Error('no blank token');
  return found;
};
const params = (token: TokenSlot, registrationId: string) => ({
  slotId: token.slotId,
  tokenSerial: token.serial,
  ...person,
  keyType: 'p256' as const,
  userPin: CITIZEN_PIN,
  registrationId,
});
/** Certificates the built-in CA has issued to citizens (its own is the ledger's first entry). */
const ledger = (): { serial: string; revokedAt?: string }[] =>
  (JSON.parse(readFileSync(join(caDir(), 'ledger.json'), 'utf8')) as { entries: { serial: string; revokedAt?: string }[] }).entries.slice(
    1,
  );
const privateKeysOn = async (tokenSerial: string) => (await keysOf(tokenSerial)).filter((o) => o.class === 'private-key').length;
let keysOf: (tokenSerial: string) => Promise<{ class: string }[]>;
const issuedSerial = (r: TokenIssueResult) => (r.issued ? r.certificateSerial : `not issued: ${r.code}`);

describe('one issuance per registration', () => {
  beforeAll(() => {
    const conf = slot.tokenStore!;
    const reader = createPkcs11Client({ modulePath: SOFTHSM_MODULE, env: { SOFTHSM2_CONF: conf } });
    keysOf = (tokenSerial) => reader.call('listObjects', { token: { labelOrSerial: tokenSerial }, pin: CITIZEN_PIN });
    return () => reader.close();
  });

  it('two requests at once, then a third after a "reload": one key pair, one certificate, the same answer', async () => {
    const token = await blank();
    const before = ledger().length;
    const [first, second] = await Promise.all([
      slot.device.issue(params(token, registrationA)),
      slot.device.issue(params(token, registrationA)),
    ]);
    expect(first.issued && second.issued).toBe(true);
    expect(issuedSerial(second)).toBe(issuedSerial(first));
    expect([first, second].filter((r) => r.issued && r.resumed)).toHaveLength(1);
    const again = await slot.device.issue(params(token, registrationA));
    expect(again).toMatchObject({ issued: true, resumed: true, certificateSerial: issuedSerial(first), tokenSerial: token.serial });
    expect(await slot.device.issuance({ registrationId: registrationA })).toMatchObject({
      state: 'finished',
      result: { issued: true, certificateSerial: issuedSerial(first) },
    });
    expect(ledger().length - before).toBe(1);
    expect(await privateKeysOn(token.serial)).toBe(1);

    const journal = readdirSync(join(caDir(), 'issuance-journal')).map((f) => readFileSync(join(caDir(), 'issuance-journal', f), 'utf8'));
    expect(journal).toHaveLength(1);
    for (const secret of [CITIZEN_PIN, person.idNumber, person.fullName, 'Tran']) expect(journal[0]).not.toContain(secret);
  }, 60_000);

  it('an agent started again answers from the journal, and still issues nothing new', async () => {
    await slot.close();
    slot = await open();
    const before = ledger().length;
    expect(await slot.device.issuance({ registrationId: registrationA })).toMatchObject({ state: 'finished', result: { issued: true } });
    // Asked with the blank token the restart stocked: the earlier result, and that token left blank.
    const token = await blank();
    expect(await slot.device.issue(params(token, registrationA))).toMatchObject({ issued: true, resumed: true });
    expect(ledger().length).toBe(before);
    expect(await blank()).toEqual(token);
  }, 60_000);

  it('a certificate whose answer was lost blocks a new attempt until it is found at the CA by its request id and revoked', async () => {
    const token = await blank();
    const before = ledger().length;
    // The CA issues, but no answer comes back, and asking it afterwards times out too.
    writeFileSync(faultFile(), JSON.stringify({ builtin: 'timeout' }));
    const lost = await slot.device.issue(params(token, registrationB));
    expect(lost).toMatchObject({ issued: false, code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify' });
    expect(ledger().length - before).toBe(1);
    expect(ledger().at(-1)!.revokedAt).toBeUndefined();
    // Still unreachable: nobody knows what the CA issued, so nothing new starts.
    expect(await slot.device.issue(params(await blank(), registrationB))).toMatchObject({
      issued: false,
      code: 'DK_ERR_TOKEN_ISSUANCE_UNSETTLED',
    });
    writeFileSync(faultFile(), '{}');
    const retried = await slot.device.issue(params(await blank(), registrationB));
    expect(retried).toMatchObject({ issued: true });
    expect(retried.issued && retried.resumed).toBeFalsy();
    const issued = ledger().slice(before);
    expect(issued).toHaveLength(2);
    // The lost one is revoked; the one on the token is the only one live.
    expect(issued.filter((e) => !e.revokedAt).map((e) => e.serial)).toEqual([issuedSerial(retried)]);
  }, 60_000);
});
