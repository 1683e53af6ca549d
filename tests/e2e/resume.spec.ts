import { expect, test } from '@playwright/test';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { callAtCounter, heldRegistration, setCaFaults, station, system, tokenSim } from './system.ts';

/**
 * A reload (F5) in the middle of serving brings the clerk back to the citizen they were serving,
 * at the step they had reached: the ticket is not called a second time (the server's version of
 * the registration does not move), and the chip check is not lost — a genuine chip that
 * contradicts the registration still blocks after the reload, so a reload cannot talk past the
 * identity gate. The chip's values were on screen only, so the clerk reads the card again to
 * correct from it.
 *
 * Then a reload while the token is being issued (the provider's CA answers slowly): the counter
 * asks its agent where this registration's issuance stands, follows the same run to its end and
 * records it — one certificate at the CA, one `token.issued` — never offering to issue again.
 * That citizen is one of their own: the simulated card's holder already holds a free certificate
 * from the journeys before, and one free certificate per citizen would rightly refuse a second.
 */
/** Typed by the citizen on the counter's keypad; never on the page after the issuance. */
const PIN = '47182905';

test('reload mid-service → resumes the same citizen, same step, same identity gate; mid-issuance → one certificate', async ({
  browser,
}) => {
  test.setTimeout(210_000);
  const k = station('kiosk-hcm-ben-thanh-1');
  const card = k.simulatedCard!;
  const person = {
    idNumber: card.idNumber,
    fullName: 'Phan Văn Tải Lại',
    birth: { day: '2', month: '1', year: '1970' },
    sex: 'M' as const,
    address: '3 Đường Thử, phường Bến Thành, TP. Hồ Chí Minh',
    phone: '0977123458',
  };
  const ticket = await registerInNewKiosk(browser, k, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });

  const counterStation = station('counter-hcm-ben-thanh-1');
  let { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  const flow = counter.getByTestId('counter-flow');
  await expect(counter.getByTestId('called-notice')).toBeVisible();

  // Reloaded while the citizen walks to the counter: still called here, not called again.
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const calledVersion = (await heldRegistration<{ version: number; draft: { ticket: { number: string } } }>(ticket, counterStation))!
    .version;
  await counter.reload();
  await expect(counter.getByTestId('called-notice')).toContainText(ticket);
  await counter.getByTestId('citizen-arrived').click();
  await expect(flow).toHaveAttribute('data-state', JSON.stringify({ serving: 'checking' }));

  await counter.getByTestId('chip-check-read').click();
  await expect(counter.getByTestId('chip-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  const gate = counter.getByTestId('identity-check');
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_IDENTITY_CHIP_MISMATCH');

  // Reloaded at the identity check: the same citizen, the same step, the chip's verdict kept.
  await counter.reload();
  await expect(flow).toHaveAttribute('data-state', JSON.stringify({ serving: 'checking' }));
  await expect(counter.getByTestId('registration-detail')).toContainText(ticket);
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_IDENTITY_CHIP_MISMATCH');
  await expect(counter.getByTestId('identity-documents-checked')).toHaveCount(0);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const held = await heldRegistration<{ version: number; status: string; calledBy: string; draft: { ticket: { number: string } } }>(
    ticket,
    counterStation,
  );
  // One event since the call (the chip read), no second call.
  expect(held).toMatchObject({ status: 'called', calledBy: 'clerk.benthanh', version: calledVersion + 1 });

  // The chip's values were on screen only: read the card again, then correct from it.
  await counter.getByTestId('chip-check-read').click();
  await expect(counter.getByTestId('chip-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  await counter.getByTestId('identity-correct-from-chip').click();
  await expect(gate).toHaveAttribute('data-check', 'chip-matched');

  await context.close();

  // Reloaded mid-issuance: VNPT's CA asks to be called again in 4 s, so the reload lands at certify.
  const issuing = await registerInNewKiosk(
    browser,
    k,
    { ...citizen(7301), fullName: 'Lê Thị Nạp Lại' },
    {
      kind: 'signature',
      channel: 'token',
      provider: 'vnpt',
    },
  );
  ({ page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', issuing));
  await counter.getByTestId('citizen-arrived').click();
  await expect(counter.getByTestId('holdings-none')).toBeVisible();
  await counter.getByTestId('identity-documents-checked').click();
  await tokenSim(counterStation, { cmd: 'insert' });
  await tokenSim(counterStation, { cmd: 'stock' });
  await setCaFaults(counterStation, { vnpt: { mode: 'rate-limited', failures: 1, retryAfterMs: 4_000 } });
  const vnptLedger = join(system().dataDir, 'builtin-ca', counterStation.id, 'providers', 'vnpt', 'ledger.json');
  // Citizens' certificates VNPT's CA has issued: its ledger, less its own (the first entry; no ledger before its first use).
  const certificates = async () =>
    (JSON.parse(await readFile(vnptLedger, 'utf8').catch(() => '{"entries":[null]}')) as { entries: unknown[] }).entries.length - 1;
  const issuedBefore = await certificates();
  await expect(counter.getByTestId('token-panel')).toHaveAttribute('data-state', 'present');
  await counter.getByTestId('pin-begin').click();
  for (let round = 0; round < 2; round++) {
    for (const d of PIN) await counter.getByTestId(`pin-key-${d}`).click();
    await counter.getByTestId('pin-submit').click();
  }
  await expect(counter.getByTestId('token-step-certify')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await counter.reload();
  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  await expect(counter.getByTestId('token-issued')).toHaveAttribute('data-resumed', 'true');
  await expect(counter.getByTestId('token-resumed')).toContainText('không cấp thêm');
  await expect(counter.getByTestId('pin-begin')).toHaveCount(0);
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  expect(await certificates()).toBe(issuedBefore + 1);
  expect(await counter.content()).not.toContain(PIN);
  const certificateSerial = (await counter.getByTestId('receipt-certificate-serial').textContent())!.trim();
  const issued = await heldRegistration(issuing, counterStation);
  expect(issued).toMatchObject({ status: 'completed', outcome: 'token-issued' });
  expect(JSON.stringify(issued)).toContain(certificateSerial);
  await setCaFaults(counterStation, {});
  await context.close();
});
