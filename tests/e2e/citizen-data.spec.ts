import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { signIn, station, system } from './system.ts';

/**
 * A citizen asks what the programme holds about them: their site's manager types the ID number
 * at "Dữ liệu công dân" and sees, ready to print, the registration with the fields as held, the
 * provider the data goes to and when it will be erased. A malformed number is refused on the
 * page; the number never appears in the address bar.
 */
test('a site manager shows and prints a citizen’s data report', async ({ browser }) => {
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
  await expectAccessible(page, 'citizen data (empty)');

  await page.getByTestId('citizen-id-number').fill('12345');
  await page.getByTestId('citizen-data-submit').click();
  await expect(page.getByTestId('citizen-id-number-error')).toBeVisible();
  await expect(page.getByTestId('citizen-id-number')).toBeFocused();
  await expectAccessible(page, 'citizen data (malformed number)');

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
  await expectAccessible(page, 'citizen data (report)');
  await context.close();
});
