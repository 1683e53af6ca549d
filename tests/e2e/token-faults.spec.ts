import { expect, test, type Browser, type Page } from '@playwright/test';
import { citizen, registerInNewKiosk, type Citizen } from './kiosk.ts';
import { callAtCounter, heldRegistration, setCaFaults, station, tokenSim } from './system.ts';

/**
 * Things going wrong while a token is issued at the counter, on the demo's simulated token
 * (SoftHSM2 behind the agent, driven through the simulator's control file) and the simulated
 * provider CA (through the CA fault file): the token pulled out mid-way, the CA down, the PIN
 * blocked after wrong entries. Each time the clerk reads in Vietnamese what happened and what to
 * do, nothing is recorded as issued, and the way out works. The book-fair site's counter is used,
 * so its token store is this file's alone.
 */
const kioskStation = station('kiosk-hcm-book-fair-1');
const counterStation = station('counter-hcm-book-fair-1');
const PIN = '73920418';
const NEW_PIN = '50718293';

/** The server's view of a ticket, as the counter pulls it. */
const held = (ticket: string) =>
  heldRegistration<{
    status: string;
    tokenSerial: string | null;
    tokenLifecycle?: { state: string };
    draft: { ticket: { number: string } };
  }>(ticket, counterStation);

/** A token registration at the book-fair kiosk, called and identity-checked at its counter, the blank token shown. */
async function servedAtCounter(browser: Browser, person: Citizen): Promise<{ counter: Page; ticket: string; close: () => Promise<void> }> {
  const ticket = await registerInNewKiosk(browser, kioskStation, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.hoisach', ticket);
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('identity-documents-checked').click();
  await expect(counter.getByTestId('token-panel')).toHaveAttribute('data-state', 'present');
  return { counter, ticket, close: () => context.close() };
}

async function typePinTwice(counter: Page, pin: string): Promise<void> {
  for (const round of ['first', 'confirm']) {
    await expect(counter.getByTestId('pin-keypad')).toHaveAttribute('data-stage', round);
    for (const d of pin) await counter.getByTestId(`pin-key-${d}`).click();
    await counter.getByTestId('pin-submit').click();
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeEach(async () => {
  // Each journey starts with a blank token in the reader and every CA up.
  await setCaFaults(counterStation, {});
  await tokenSim(counterStation, { cmd: 'insert' });
  await tokenSim(counterStation, { cmd: 'stock' });
});
test.afterEach(async () => {
  await setCaFaults(counterStation, {});
  await tokenSim(counterStation, { cmd: 'insert' });
});

test('token pulled out mid-issuance: the clerk is told to put it back, nothing is issued; back in, it is erased and issues', async ({
  browser,
}) => {
  const person = { ...citizen(701), fullName: 'Lê Văn Rút' };
  const { counter, ticket, close } = await servedAtCounter(browser, person);
  const tokenSerial = (await counter.getByTestId('token-serial-shown').textContent())!.trim();

  // The citizen's token leaves the reader as the key is being generated.
  await tokenSim(counterStation, { cmd: 'pull', atStep: 'generate-key' });
  await counter.getByTestId('pin-begin').click();
  await typePinTwice(counter, PIN);

  const failure = counter.getByTestId('token-failure');
  await expect(failure).toHaveAttribute('data-code', 'DK_ERR_TOKEN_NOT_PRESENT', { timeout: 30_000 });
  await expect(failure).toContainText('Không thấy token');
  await expect(counter.getByTestId('token-wiped')).toHaveAttribute('data-wiped', 'false');
  await expect(counter.getByTestId('token-wiped')).toContainText('Cắm lại đúng token này');
  await expect(counter.getByTestId('token-wiped')).toContainText('Không có gì được ghi nhận là đã cấp');
  await expect(counter.getByTestId('token-step-verify')).toHaveAttribute('data-state', 'pending');
  await expect(counter.getByTestId('token-issued')).toHaveCount(0);
  await expect(counter.getByTestId('outcome-done')).toHaveCount(0);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  // The server has no issuance: the ticket is still only called.
  expect(await held(ticket)).toMatchObject({ status: 'called', tokenSerial: null });

  // Put back: the agent erases it (it was left half-issued), and the same token issues.
  await tokenSim(counterStation, { cmd: 'insert' });
  await counter.getByTestId('token-retry').click();
  await expect(counter.getByTestId('token-panel')).toHaveAttribute('data-state', 'present');
  await expect(counter.getByTestId('token-serial-shown')).toHaveText(tokenSerial);
  await counter.getByTestId('pin-begin').click();
  await typePinTwice(counter, PIN);
  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  await expect(counter.getByTestId('receipt-token-serial')).toHaveText(tokenSerial);
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  // The receipt can show before the issuance is queued for the server: wait for the server's view, not an empty outbox.
  await expect.poll(() => held(ticket), { timeout: 30_000 }).toMatchObject({ status: 'completed', tokenSerial });
  await close();
});

test('CA unreachable: the clerk is told the provider cannot be reached, the token is wiped, nothing claims issued; with the CA back it issues', async ({
  browser,
}) => {
  const person = { ...citizen(702), fullName: 'Phạm Thị Mạng' };
  const { counter, ticket, close } = await servedAtCounter(browser, person);
  const tokenSerial = (await counter.getByTestId('token-serial-shown').textContent())!.trim();

  await setCaFaults(counterStation, { vnpt: 'unreachable' });
  await counter.getByTestId('pin-begin').click();
  await typePinTwice(counter, PIN);

  const failure = counter.getByTestId('token-failure');
  await expect(failure).toHaveAttribute('data-code', 'DK_ERR_CA_UNAVAILABLE', { timeout: 45_000 });
  await expect(failure).toContainText('Không kết nối được nhà cung cấp chứng thư số');
  await expect(counter.getByTestId('token-wiped')).toHaveAttribute('data-wiped', 'true');
  await expect(counter.getByTestId('token-wiped')).toContainText('Token đã được xóa sạch');
  await expect(counter.getByTestId('token-step-certify')).not.toHaveAttribute('data-state', 'done');
  await expect(counter.getByTestId('token-issued')).toHaveCount(0);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  expect(await held(ticket)).toMatchObject({ status: 'called', tokenSerial: null });

  // Wiped, so it is a blank token again: once the CA answers, the same token issues.
  await setCaFaults(counterStation, {});
  await counter.getByTestId('token-retry').click();
  await expect(counter.getByTestId('token-panel')).toHaveAttribute('data-state', 'present');
  await expect(counter.getByTestId('token-serial-shown')).toHaveText(tokenSerial);
  await counter.getByTestId('pin-begin').click();
  await typePinTwice(counter, PIN);
  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  // The receipt can show before the issuance is queued for the server: wait for the server's view, not an empty outbox.
  await expect.poll(() => held(ticket), { timeout: 30_000 }).toMatchObject({ status: 'completed', tokenSerial });
  await close();
});

test('PIN blocked after wrong entries: "Tra cứu token" finds the token by ID number, shows the block, and the unblock sets a new PIN', async ({
  browser,
}) => {
  const person = { ...citizen(703), fullName: 'Võ Thị Khoá' };
  const { counter, ticket, close } = await servedAtCounter(browser, person);
  const tokenSerial = (await counter.getByTestId('token-serial-shown').textContent())!.trim();
  await counter.getByTestId('pin-begin').click();
  await typePinTwice(counter, PIN);
  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await counter.getByTestId('finish').click();

  // At home the citizen typed a wrong PIN three times: the token blocks it.
  await tokenSim(counterStation, { cmd: 'wrong-pin', times: 3, serial: tokenSerial });

  await counter.getByTestId('token-care-query').fill(person.idNumber);
  await counter.getByTestId('token-care-find').click();
  await expect(counter.getByTestId('token-care-token-serial')).toHaveText(tokenSerial);
  await counter.getByTestId('token-care-holder-papers').click();
  await counter.getByTestId('token-care-unblock-reason').selectOption('pin-blocked');
  await counter.getByTestId('token-care-unblock').click();
  await expect(counter.getByTestId('token-care-pin-locked')).toContainText('mã PIN đang bị khoá');
  await typePinTwice(counter, NEW_PIN);
  await expect(counter.getByTestId('token-care-done')).toContainText('Đã mở khoá', { timeout: 20_000 });
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');

  // The block is gone on the token, and the server holds the unblock on the issued token.
  await counter.getByTestId('token-care-close').click();
  await counter.getByTestId('token-care-query').fill(ticket);
  await counter.getByTestId('token-care-find').click();
  await counter.getByTestId('token-care-holder-papers').click();
  await counter.getByTestId('token-care-unblock').click();
  await expect(counter.getByTestId('pin-keypad')).toBeVisible();
  await expect(counter.getByTestId('token-care-pin-locked')).toHaveCount(0);
  await counter.getByTestId('pin-cancel').click();
  await expect
    .poll(() => held(ticket), { timeout: 30_000 })
    .toMatchObject({ status: 'completed', tokenSerial, tokenLifecycle: { state: 'issued' } });

  // Pulled out while the citizen types the new PIN: told so, the PIN forgotten, and retry waits for it.
  await counter.getByTestId('token-care-unblock').click();
  await expect(counter.getByTestId('pin-keypad')).toBeVisible();
  for (const d of NEW_PIN.slice(0, 4)) await counter.getByTestId(`pin-key-${d}`).click();
  await tokenSim(counterStation, { cmd: 'pull' });
  const failure = counter.getByTestId('token-care-failure');
  await expect(failure).toHaveAttribute('data-code', 'DK_ERR_TOKEN_NOT_PRESENT');
  await expect(failure).toContainText('Chưa mở khoá được token');
  await counter.getByTestId('token-care-retry').click();
  await expect(counter.getByTestId('token-care-insert')).toContainText(tokenSerial);
  await tokenSim(counterStation, { cmd: 'insert' });
  await expect(counter.getByTestId('pin-keypad')).toBeVisible();
  await expect(counter.getByTestId('pin-dots')).toHaveAttribute('data-length', '0');
  await counter.getByTestId('pin-cancel').click();
  await close();
});
