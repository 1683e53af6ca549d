import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectCounterScreen, smallTargets } from './axe.ts';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, station, system, tokenSim } from './system.ts';

/**
 * The counter's citizen-facing screen: a second window of the counter-app (/citizen, the PC's
 * second monitor) in the same browser as the clerk's. The clerk issues a token while it is open:
 * the citizen types the PIN on their own screen (the clerk's shows no keypad, only how far the
 * citizen is), follows the progress and reads the receipt there; a remote activation's QR is shown
 * on it too. Every state of the citizen screen is axe-clean and its targets are at least 48 px.
 */
const PIN = '58192647';
const NEW_PIN = '70395182';

async function expectCitizenScreen(page: Page, where: string): Promise<void> {
  await expectAccessible(page, where);
  const small = await smallTargets(page, 'button, a[href]', 48);
  expect(small, `targets under 48 px on ${where}`).toEqual([]);
}

test('the citizen types the PIN on the second screen, not on the clerk’s; progress and receipt are shown to them', async ({ browser }) => {
  const person = { ...citizen(9401), fullName: 'Lê Thị Bích Ngọc' };
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), person, {
    kind: 'signature',
    channel: 'token',
    provider: 'vnpt',
  });
  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);

  // The second monitor: the same browser (one counter), its own window.
  const screen = await context.newPage();
  await screen.setViewportSize({ width: 1366, height: 768 });
  await screen.goto(new URL('/citizen', system().counterUrl).href);
  const view = screen.getByTestId('citizen-screen');
  await expect(view).toHaveAttribute('data-view', 'welcome');
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Xin chào quý khách');
  await expect(screen.locator('html')).toHaveAttribute('lang', 'vi');
  await expectCitizenScreen(screen, 'citizen screen: welcome');
  await expect(counter.getByTestId('citizen-screen-state')).toHaveAttribute('data-connected', 'true');

  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('identity-documents-checked').click();
  await tokenSim(counterStation, { cmd: 'insert' });
  await tokenSim(counterStation, { cmd: 'stock' });
  await expect(counter.getByTestId('token-panel')).toHaveAttribute('data-state', 'present');
  await expect(view).toHaveAttribute('data-view', 'preparing');
  await expectCitizenScreen(screen, 'citizen screen: preparing the token');

  await counter.getByTestId('pin-begin').click();
  // The keypad is on the citizen's screen and not on the clerk's.
  await expect(screen.getByTestId('citizen-pin-keypad')).toHaveAttribute('data-stage', 'first');
  await expect(counter.getByTestId('pin-keypad')).toHaveCount(0);
  await expect(counter.getByTestId('pin-on-citizen-screen')).toContainText('Công dân đang nhập mã PIN');
  await expectCitizenScreen(screen, 'citizen screen: the PIN keypad');
  await expectCounterScreen(counter, 'counter: the citizen types the PIN on their screen');

  // A run first: refused on the citizen's screen, in Vietnamese.
  for (const d of '123456') await screen.getByTestId(`citizen-pin-key-${d}`).click();
  await screen.getByTestId('citizen-pin-submit').click();
  await expect(screen.getByTestId('citizen-pin-problem')).toContainText('dãy số liên tiếp');
  await expectCitizenScreen(screen, 'citizen screen: a weak PIN refused');
  for (const round of ['first', 'confirm']) {
    await expect(screen.getByTestId('citizen-pin-keypad')).toHaveAttribute('data-stage', round);
    for (const d of PIN) await screen.getByTestId(`citizen-pin-key-${d}`).click();
    await expect(screen.getByTestId('citizen-pin-dots')).toHaveAttribute('data-length', String(PIN.length));
    // The clerk sees how far the citizen is, never the digits.
    await expect(counter.getByTestId('pin-citizen-count')).toHaveAttribute('data-length', String(PIN.length));
    await expect(counter.getByTestId('pin-keypad')).toHaveCount(0);
    await screen.getByTestId('citizen-pin-submit').click();
  }

  await expect(view).toHaveAttribute('data-view', /issuing|receipt/, { timeout: 15_000 });
  if ((await view.getAttribute('data-view')) === 'issuing') await expectCitizenScreen(screen, 'citizen screen: issuing');
  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  await expect(view).toHaveAttribute('data-view', 'receipt');
  await expect(screen.getByTestId('citizen-receipt-holder')).toHaveText('Lê Thị Bích Ngọc');
  await expect(screen.getByTestId('citizen-receipt-token')).toHaveText(
    (await counter.getByTestId('receipt-token-serial').textContent())!.trim(),
  );
  await expectCitizenScreen(screen, 'citizen screen: the receipt');
  expect(await counter.content()).not.toContain(PIN);
  expect(await screen.content()).not.toContain(PIN);

  // The next citizen: the screen goes back to the welcome.
  await counter.getByTestId('finish').click();
  await expect(view).toHaveAttribute('data-view', 'welcome');

  // A PIN unblocked after issuance: the new PIN is typed on the citizen's screen too.
  await counter.getByTestId('token-care-query').fill(person.idNumber);
  await counter.getByTestId('token-care-find').click();
  await expect(counter.getByTestId('token-care-holder')).toContainText('Lê Thị Bích Ngọc');
  await counter.getByTestId('token-care-holder-papers').click();
  await counter.getByTestId('token-care-unblock').click();
  for (const round of ['first', 'confirm']) {
    await expect(screen.getByTestId('citizen-pin-keypad')).toHaveAttribute('data-stage', round);
    await expect(counter.getByTestId('pin-keypad')).toHaveCount(0);
    await expect(counter.getByTestId('pin-on-citizen-screen')).toHaveAttribute('data-stage', round);
    for (const d of NEW_PIN) await screen.getByTestId(`citizen-pin-key-${d}`).click();
    await screen.getByTestId('citizen-pin-submit').click();
  }
  await expect(counter.getByTestId('token-care-done')).toContainText('Đã mở khoá', { timeout: 20_000 });
  await expect(view).toHaveAttribute('data-view', 'welcome');
  await counter.getByTestId('token-care-close').click();
  expect(await counter.content()).not.toContain(NEW_PIN);

  // Closed, the counter is on one screen again: the clerk's page offers to open it.
  await screen.close();
  await expect(counter.getByTestId('citizen-screen-state')).toHaveAttribute('data-connected', 'false', { timeout: 10_000 });
  await context.close();
});

test('the remote activation QR is shown on the citizen screen, not the clerk’s', async ({ browser }) => {
  const person = { ...citizen(9402), fullName: 'Đỗ Văn Hùng' };
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), person, {
    kind: 'signature',
    channel: 'remote',
    provider: 'viettel',
  });
  const { page: counter, context } = await callAtCounter(browser, station('counter-hcm-ben-thanh-1'), 'clerk.benthanh', ticket);
  const screen = await context.newPage();
  await screen.setViewportSize({ width: 1366, height: 768 });
  await screen.goto(new URL('/citizen', system().counterUrl).href);
  await expect(counter.getByTestId('citizen-screen-state')).toHaveAttribute('data-connected', 'true');

  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('identity-documents-checked').click();
  await counter.getByTestId('remote-submit').click();
  await expect(counter.getByTestId('remote-code')).toHaveText(/^\d{6}$/, { timeout: 15_000 });
  const code = (await counter.getByTestId('remote-code').textContent())!.trim();
  await expect(screen.getByTestId('citizen-qr')).toBeVisible();
  await expect(screen.getByTestId('citizen-activation-code')).toHaveText(code);
  await expect(counter.getByTestId('remote-qr')).toHaveCount(0);
  await expect(counter.getByTestId('remote-qr-on-citizen-screen')).toBeVisible();
  await expectCitizenScreen(screen, 'citizen screen: the activation QR');
  // English for this citizen, one tap away; back to Vietnamese for the next.
  await screen.getByTestId('citizen-language').click();
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Activate remote signing on your phone');
  await expectCitizenScreen(screen, 'citizen screen: the activation QR, in English');

  await counter.getByTestId('remote-simulate-confirm').click();
  await expect(screen.getByTestId('citizen-screen')).toHaveAttribute('data-view', 'receipt', { timeout: 15_000 });
  await expect(screen.getByTestId('citizen-receipt-provider')).toHaveText('Viettel MySign');
  await expectCitizenScreen(screen, 'citizen screen: remote signing activated');
  await counter.getByTestId('finish').click();
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Xin chào quý khách');
  await context.close();
});
