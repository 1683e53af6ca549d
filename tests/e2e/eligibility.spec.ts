import { expect, test } from '@playwright/test';
import { citizen, fillIdentity } from './kiosk.ts';
import { pair, serverRegistrations, station } from './system.ts';

/**
 * A child at the kiosk: a 16-year-old who wants a digital signature is told, in plain words and
 * before giving a phone number or consent, that a signature needs 18, what they can do instead
 * (e-ID level 2 from 14), and can fix a mistyped birth date; a 12-year-old is sent with a guardian
 * to the commune police for e-ID level 2; nothing reaches the server.
 */
test('under-age citizen at the kiosk: told why and what to do instead, nothing registered', async ({ page }) => {
  const kiosk = station('kiosk-hcm-ben-thanh-1');
  await pair(page, kiosk);
  const child = { ...citizen(901), fullName: 'Lê Minh Khôi' };
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
  await page.getByTestId('start').click();
  await page.getByTestId('service-signature').click();
  await page.getByTestId('channel-remote').click();
  await page.getByTestId('provider-viettel').click();
  await page.getByTestId('next').click();
  await fillIdentity(page, { ...child, birth: { day: '1', month: '1', year: String(thisYear - 16) }, sex: 'M' });
  await page.getByTestId('next').click();

  const screen = page.getByTestId('ineligible');
  await expect(screen).toHaveAttribute('data-code', 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE');
  await expect(page.getByTestId('ineligible-why')).toContainText('từ đủ 18 tuổi');
  await expect(page.getByTestId('ineligible-instead')).toContainText('định danh điện tử mức 2');
  await expect(page.getByRole('heading', { name: 'Dịch vụ này chưa dành cho bạn' })).toBeFocused();
  await expect(page.getByTestId('phone')).toHaveCount(0);

  // A mistyped year is one tap from being fixed: the birth date's page, with what was typed.
  await page.getByTestId('ineligible-fix').click();
  await expect(page.getByTestId('birth-year')).toHaveValue(String(thisYear - 16));
  await page.getByTestId('birth-year').fill(String(thisYear - 12));
  await page.getByTestId('next').click();
  await expect(screen).toHaveAttribute('data-code', 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE');
  // The other way out: another service. The typed identity is kept for it.
  await page.getByTestId('ineligible-other-service').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await expect(page.getByTestId('id-number')).toHaveValue(child.idNumber);
  await page.getByTestId('next').click();
  // A 12-year-old's e-ID level 2 goes through a parent or guardian at the commune police.
  await expect(screen).toHaveAttribute('data-code', 'DK_ERR_ELIGIBILITY_EID_GUARDIAN');
  await expect(page.getByTestId('ineligible-instead')).toContainText('Công an cấp xã');
  await page.getByTestId('ineligible-fix').click();
  await page.getByTestId('birth-year').fill(String(thisYear - 16));
  await page.getByTestId('next').click();
  await expect(page.getByTestId('phone')).toBeVisible();
  await page.getByTestId('cancel').click();

  const held = await serverRegistrations<{ draft: { ticket: { number: string }; identity: { idNumber: string } } }>(
    station('counter-hcm-ben-thanh-1'),
  );
  expect(held.some((r) => r.draft.identity.idNumber === child.idNumber)).toBe(false);
});
