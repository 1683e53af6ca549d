import { expect, test } from '@playwright/test';
import { expectCounterScreen } from './axe.ts';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, signIn, station, system } from './system.ts';

/**
 * A citizen asks what the programme holds about them: their site's manager types the ID number
 * at "Dữ liệu công dân" and sees, ready to print, the registration with the fields as held, the
 * provider the data goes to and when it will be erased. A malformed number is refused on the
 * page; the number never appears in the address bar. The citizen then asks for their data to be
 * erased: not while the registration is open (the clerk cancels it first), then, confirmed, at once.
 */
test('a site manager shows and prints a citizen’s data report, and erases it at the citizen’s request', async ({ browser }) => {
  const person = { ...citizen(777), fullName: 'Đặng Thị Hỏi Dữliệu' };
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), person, {
    kind: 'signature',
    channel: 'token',
    provider: 'vnpt',
  });

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(system().counterUrl);
  await page.getByTestId('login-server').fill(system().serverUrl);
  await signIn(page, 'manager.benthanh');
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('admin-tab-citizens').click();
  await expectCounterScreen(page, 'citizen data (empty)');

  await page.getByTestId('citizen-id-number').fill('12345');
  await page.getByTestId('citizen-data-submit').click();
  await expect(page.getByTestId('citizen-id-number-error')).toBeVisible();
  await expect(page.getByTestId('citizen-id-number')).toBeFocused();
  await expectCounterScreen(page, 'citizen data (malformed number)');

  await page.getByTestId('citizen-id-number').fill(person.idNumber);
  await page.getByTestId('citizen-data-submit').click();
  const registration = page.getByTestId('citizen-data-registration').filter({ hasText: ticket });
  await expect(registration).toHaveCount(1);
  await expect(registration.getByTestId('citizen-data-held')).toContainText(person.fullName);
  await expect(registration.getByTestId('citizen-data-held')).toContainText(person.phone.replace(/\s/g, ''));
  await expect(registration.getByTestId('citizen-data-sent-to')).toHaveText('vnpt');
  await expect(registration.getByTestId('citizen-data-retention')).toHaveText(/xoá sau khi kết thúc/);
  await expect(page.getByTestId('citizen-data-print')).toBeVisible();
  expect(page.url()).not.toContain(person.idNumber);
  await expectCounterScreen(page, 'citizen data (report)');

  // Open: nothing to erase yet, and the page says what to do first.
  await expect(registration.getByTestId('citizen-data-erase')).toHaveCount(0);
  await expect(registration).toContainText('huỷ hồ sơ tại quầy trước');

  const clerk = await callAtCounter(browser, station('counter-hcm-ben-thanh-1'), 'clerk.benthanh', ticket);
  await clerk.page.getByTestId('citizen-arrived').click();
  await clerk.page.getByTestId('outcome-cancel').click();
  await clerk.page.getByTestId('cancel-reason').selectOption('other');
  await clerk.page.getByTestId('outcome-confirm').click();
  await expect(clerk.page.getByTestId('outcome-done')).toBeVisible();
  await clerk.context.close();

  // Cancelled (the counter's events reach the server in the background): shown again until it can be erased.
  await expect(async () => {
    await page.getByTestId('citizen-data-submit').click();
    await expect(registration.getByTestId('citizen-data-erase')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await registration.getByTestId('citizen-data-erase').click();
  await expect(registration.getByTestId('citizen-data-erase-confirm')).toContainText(ticket);
  await expectCounterScreen(page, 'citizen data (erase confirmation)');
  // Thinking better of it erases nothing.
  await registration.getByTestId('citizen-data-erase-no').click();
  await expect(registration.getByTestId('citizen-data-held')).toContainText(person.fullName);
  await registration.getByTestId('citizen-data-erase').click();
  await registration.getByTestId('citizen-data-erase-yes').click();

  await expect(page.getByTestId('citizen-data-erased-now')).toContainText(ticket);
  await expect(registration).toHaveAttribute('data-erased', 'true');
  await expect(registration.getByTestId('citizen-data-held')).toHaveCount(0);
  await expect(page.getByText(person.fullName)).toHaveCount(0);
  await expectCounterScreen(page, 'citizen data (erased)');
  await context.close();
});
