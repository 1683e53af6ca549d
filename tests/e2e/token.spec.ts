import { expect, test } from '@playwright/test';
import { expectCounterScreen } from './axe.ts';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { callAtCounter, counterPullHeaders, heldRegistration, printedTickets, station, system, tokenSim } from './system.ts';
import { findCanary, scanIndexedDb, scanServerDatabase, scanTree, type CanaryHit } from './token-canary.ts';

/**
 * A digital signature issued on a USB token at the counter, on the demo's simulated token
 * (SoftHSM2 behind the counter's agent, built-in CA): the kiosk registers "token / VNPT", the
 * clerk calls the ticket, the citizen sets a PIN on the keypad, the agent issues with a step per
 * line, the receipt shows the holder and the certificate, and the server holds the registration
 * completed with the token's real serial — and nowhere the PIN.
 */
const CANARY_PIN = '48291537';
const NEW_PIN = '60419283';

test('the counter issues a token: PIN on the keypad, receipt with the holder, completed with the real token serial', async ({
  browser,
}) => {
  const person = { ...citizen(501), fullName: 'Trần Thị Ánh Tuyết' };
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), person, {
    kind: 'signature',
    channel: 'token',
    provider: 'vnpt',
  });

  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  await counter.getByTestId('citizen-arrived').click();

  // A typed (declared) identity: no token panel until the clerk has compared the ID card.
  await expect(counter.getByTestId('identity-check')).toHaveAttribute('data-check', 'none');
  await expect(counter.getByTestId('token-panel')).toHaveCount(0);
  await expectCounterScreen(counter, 'counter: serving, the identity gate');
  await counter.getByTestId('identity-documents-checked').click();
  await expect(counter.getByTestId('identity-check')).toHaveAttribute('data-check', 'documents-checked');

  // A blank token from the site's stock: the journeys before may have left a used one in the slot.
  await tokenSim(counterStation, { cmd: 'insert' });
  await tokenSim(counterStation, { cmd: 'stock' });
  const panel = counter.getByTestId('token-panel');
  await expect(panel).toHaveAttribute('data-state', 'present');
  await expect(counter.getByTestId('token-model')).toContainText('SoftHSM');
  const tokenSerial = (await counter.getByTestId('token-serial-shown').textContent())!.trim();
  expect(tokenSerial).toMatch(/^[0-9a-f]{16}$/);
  await expectCounterScreen(counter, 'counter: the token panel');

  await counter.getByTestId('pin-begin').click();
  await expectCounterScreen(counter, 'counter: the PIN keypad');
  // A run first: the keypad refuses it in Vietnamese and the citizen starts again.
  for (const d of '123456') await counter.getByTestId(`pin-key-${d}`).click();
  await counter.getByTestId('pin-submit').click();
  await expect(counter.getByTestId('pin-problem')).toContainText('dãy số liên tiếp');
  for (const round of ['first', 'confirm']) {
    await expect(counter.getByTestId('pin-keypad')).toHaveAttribute('data-stage', round);
    for (const d of CANARY_PIN) await counter.getByTestId(`pin-key-${d}`).click();
    await expect(counter.getByTestId('pin-dots')).toHaveAttribute('data-length', String(CANARY_PIN.length));
    await counter.getByTestId('pin-submit').click();
  }

  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  for (const step of ['initialise', 'set-pin', 'generate-key', 'request', 'certify', 'write-certificate', 'verify']) {
    await expect(counter.getByTestId(`token-step-${step}`)).toHaveAttribute('data-state', 'done');
  }
  await expect(counter.getByTestId('receipt-holder')).toHaveText('Trần Thị Ánh Tuyết');
  await expectCounterScreen(counter, 'counter: the token receipt');
  await expect(counter.getByTestId('receipt-token-serial')).toHaveText(tokenSerial);
  await expect(counter.getByTestId('receipt-certificate-serial')).toHaveText(/^[0-9a-f]{8,64}$/);
  await expect(counter.getByTestId('receipt-provider')).toContainText('VNPT');
  // The demo's VNPT terms: 12 free months, said on the receipt as the server records it.
  await expect(counter.getByTestId('receipt-free-until')).toHaveAttribute('data-free-until', /^\d{4}-\d{2}-\d{2}$/);
  await expect(counter.getByTestId('receipt-free-until')).toContainText('Đến hết ngày');
  await expect(counter.getByTestId('receipt-how-to')).toContainText('Cổng Dịch vụ công quốc gia');
  // Issued by the clerk signed in, by name; room for the citizen's signature and the clerk's.
  await expect(counter.getByTestId('receipt-clerk')).toHaveText('Nguyễn Thị Lan');
  await expect(counter.getByTestId('receipt-signatures')).toContainText('Công dân nhận token');
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  expect(await counter.content()).not.toContain(CANARY_PIN);

  // "In biên nhận": the receipt on the counter's ticket printer, in Vietnamese, the ID masked.
  const certificateSerial = (await counter.getByTestId('receipt-certificate-serial').textContent())!.trim();
  await counter.getByTestId('receipt-print').click();
  await expect(counter.getByTestId('receipt-printed')).toBeVisible();
  await expect
    .poll(async () => (await printedTickets(counterStation)).some((t) => t.lines.some((l) => l.includes('Trần Thị Ánh Tuyết'))), {
      timeout: 10_000,
    })
    .toBe(true);
  const printed = (await printedTickets(counterStation)).find((t) => t.lines.some((l) => l.includes('Trần Thị Ánh Tuyết')))!;
  expect(printed.lines.join('\n')).toContain(certificateSerial);
  expect(printed.lines.join('\n')).toContain('Cổng Dịch vụ công quốc gia');
  expect(printed.lines).toContain('Cán bộ cấp: Nguyễn Thị Lan');
  expect(printed.lines).toContain('Công dân nhận token (ký, ghi họ tên)');
  expect(printed.lines.join('\n')).not.toContain(person.idNumber);
  expect(printed.lines.join('\n')).not.toContain(CANARY_PIN);

  // After issuance: the clerk finds the token, the citizen sets a new PIN (unblock), then the certificate is revoked.
  await counter.getByTestId('finish').click();
  await counter.getByTestId('token-care-query').fill(tokenSerial);
  await counter.getByTestId('token-care-find').click();
  await expect(counter.getByTestId('token-care-holder')).toContainText('Trần Thị Ánh Tuyết');
  // The certificate was recorded with the issuance: no one types it from the receipt.
  await expect(counter.getByTestId('token-care-recorded-certificate')).toHaveText(certificateSerial);
  // Unblock needs the holder: not for whoever asks, only once the clerk compared the holder's papers.
  await counter.getByTestId('token-care-unblock').click();
  await expect(counter.getByTestId('token-care-refused')).toHaveAttribute('data-code', 'DK_ERR_CARE_HOLDER_UNCONFIRMED');
  await expect(counter.getByTestId('pin-keypad')).toHaveCount(0);
  await counter.getByTestId('token-care-holder-papers').click();
  await expect(counter.getByTestId('token-care-holder-check')).toHaveAttribute('data-checked', 'true');
  await counter.getByTestId('token-care-unblock').click();
  for (const round of ['first', 'confirm']) {
    await expect(counter.getByTestId('pin-keypad')).toHaveAttribute('data-stage', round);
    for (const d of NEW_PIN) await counter.getByTestId(`pin-key-${d}`).click();
    await counter.getByTestId('pin-submit').click();
  }
  await expect(counter.getByTestId('token-care-done')).toContainText('Đã mở khoá', { timeout: 20_000 });
  await counter.getByTestId('token-care-close').click();
  // Found again by the citizen's ID number; the revocation form has the recorded serial already.
  await counter.getByTestId('token-care-query').fill(person.idNumber);
  await counter.getByTestId('token-care-find').click();
  // This time the police asked in writing (the holder is not here): the request is recorded instead.
  await counter.getByTestId('token-care-authority').locator('summary').click();
  await counter.getByTestId('token-care-authority-name').fill('Công an phường Bến Thành');
  await counter.getByTestId('token-care-authority-ref').fill('123/CV-CAP ngày 20/11/2026');
  await counter.getByTestId('token-care-authority-save').click();
  await expect(counter.getByTestId('token-care-authority-given')).toContainText('Công an phường Bến Thành');
  await counter.getByTestId('token-care-revoke').click();
  await counter.getByTestId('token-care-revoke-reason').selectOption('lost');
  await expect(counter.getByTestId('token-care-certificate-serial')).toHaveValue(certificateSerial);
  await counter.getByTestId('token-care-revoke-next').click();
  await counter.getByTestId('token-care-revoke-confirm').click();
  await expect(counter.getByTestId('token-care-done')).toContainText('Đã thu hồi chứng thư', { timeout: 20_000 });
  await expect(counter.getByTestId('token-care-done')).toHaveAttribute('data-in-crl', 'true');
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  // A revoked token is not offered again: the lifecycle says so, as the server would.
  await counter.getByTestId('token-care-close').click();
  await counter.getByTestId('token-care-query').fill(ticket);
  await counter.getByTestId('token-care-find').click();
  await expect(counter.getByTestId('token-care-lifecycle')).toHaveText('Đã thu hồi');
  await counter.getByTestId('token-care-revoke').click();
  await expect(counter.getByTestId('token-care-refused')).toHaveAttribute('data-code', 'DK_ERR_TOKEN_TRANSITION_ILLEGAL');
  expect(await counter.content()).not.toContain(NEW_PIN);

  // The canary, part 1: the counter's whole IndexedDB (Dexie: settings, keys, outbox, dead
  // letters, the sealed queue — opened with the row keys the station's agent holds for it), in every form of both PINs.
  const hits: CanaryHit[] = [];
  for (const pin of [CANARY_PIN, NEW_PIN]) {
    const idb = await scanIndexedDb(counter, counterStation, pin);
    // Not vacuous: the queue rows were there and were opened.
    expect(idb.rows).toBeGreaterThan(5);
    expect(idb.opened).toBeGreaterThan(0);
    hits.push(...idb.hits);
  }
  await context.close();

  const res = await fetch(new URL('/v1/sync/pull', system().serverUrl), { headers: await counterPullHeaders(counterStation) });
  const text = await res.text();
  expect(text).not.toContain(CANARY_PIN);
  const held = await heldRegistration(ticket, counterStation);
  expect(held).toMatchObject({
    status: 'completed',
    tokenSerial,
    issuedCertificate: { serial: certificateSerial, providerId: 'vnpt' },
    tokenLifecycle: { state: 'revoked', reason: 'lost' },
  });

  // The canary, part 2: every table of the server's database (events included), every file the
  // system wrote (the server's and the agents' logs, the token and CA stores, the printer log,
  // the database files), and what the server answers a counter.
  const { dataDir, logFile } = system();
  const log = await readFile(logFile!, 'utf8');
  // Not vacuous: the agent's token debug lines and the server's request lines were captured.
  expect(log).toMatch(/HARDWARE:TOKEN \d+: issued on a rsa2048 token/);
  expect(log).toContain('/v1/sync/push');
  for (const pin of [CANARY_PIN, NEW_PIN]) {
    const db = await scanServerDatabase(join(dataDir, 'pglite'), pin);
    expect(db.tables['public.events']).toBeGreaterThan(3);
    const files = await scanTree(dataDir, pin);
    expect(files.files).toBeGreaterThan(10);
    hits.push(...db.hits, ...files.hits, ...findCanary(text, pin, 'pull'));
  }
  // The canary, part 3: the citizen's own ID number, name and phone are in no log line (server,
  // agents) and in no file any part of the system wrote — the server's database files (sealed
  // under the registration's data key), its key file and erasure ledger, the agents' key stores,
  // the CA store, the printers' output — except what is handed to the citizen and names them on
  // purpose: the receipt (their name; neither the ID number nor the phone) and their own token,
  // whose certificate's subject is their name and ID number (the simulated token's object files).
  const onReceipt = (h: CanaryHit) => join(dataDir, h.where) === counterStation.printerLog;
  const onCitizensToken = (h: CanaryHit) => h.where.startsWith('token-sim/') && h.where.includes('/tokens/');
  const phone = person.phone.replace(/\s/g, '');
  const handedOver = (value: string, h: CanaryHit) =>
    value !== phone && (onCitizensToken(h) || (value === person.fullName && onReceipt(h)));
  for (const value of [person.idNumber, person.fullName, phone]) {
    const files = await scanTree(dataDir, value);
    expect(files.files).toBeGreaterThan(10);
    hits.push(...files.hits.filter((h) => !handedOver(value, h)), ...findCanary(log, value, 'log'));
  }
  expect(hits).toEqual([]);
});
