import { expect, test } from '@playwright/test';
import { KIOSK_IDLE_WARNING_MS } from '@dangky/core/machines';
import { expectAccessible } from './axe.ts';
import { citizen, fillIdentity } from './kiosk.ts';
import { pair, signIn, station, system } from './system.ts';

/**
 * WCAG 2.2 A and AA, checked by axe-core in Debian's Chromium at every screen and state these
 * journeys reach: the kiosk from welcome to ticket (with its errors, in English too, and the
 * idle warning), and the counter's sign-in and queue. Zero violations.
 */
test('kiosk: every screen from welcome to ticket, with errors on screen', async ({ page }) => {
  await pair(page, station('kiosk-hcm-ben-thanh-1'));
  await expect(page.getByTestId('start')).toBeEnabled();
  await expectAccessible(page, 'welcome');
  // Every page change puts the focus on the new page's h1, so a screen reader says where the
  // citizen now is and Tab starts from the top of the page.
  const heading = page.getByRole('heading', { level: 1 });
  await page.getByTestId('start').click();
  await expect(heading).toBeFocused();
  await expectAccessible(page, 'service');
  await page.getByTestId('service-signature').click();
  await expect(heading).toBeFocused();
  await page.getByTestId('channel-token').click();
  await page.getByTestId('provider-vnpt').click();
  await expectAccessible(page, 'provider (chosen)');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('how-type')).toBeVisible();
  await expect(heading).toBeFocused();
  await expectAccessible(page, 'identity: how');
  await page.getByTestId('how-chip').click();
  await expect(page.getByTestId('chip-read')).toBeVisible();
  await expectAccessible(page, 'identity: the chip page');
  await page.getByTestId('back').click();
  await page.getByTestId('how-type').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-idNumber')).toBeVisible();
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expectAccessible(page, 'identity question with errors');
  await page.getByTestId('back').click();
  await fillIdentity(page, citizen(9001));
  await page.getByTestId('next').click();
  await expect(page.getByTestId('phone')).toBeVisible();
  await expect(heading).toBeFocused();
  await expectAccessible(page, 'contact');
  await page.getByTestId('phone').fill('12');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-phone')).toBeVisible();
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.getByTestId('phone')).toHaveAttribute('aria-describedby', /phone-error/);
  await page.getByTestId('error-link-field-phone').click();
  await expect(page.getByTestId('phone')).toBeFocused();
  await expectAccessible(page, 'contact with errors');
  await page.getByTestId('phone').fill(citizen(9001).phone);
  await page.getByTestId('next').click();
  await expect(page.getByTestId('consent-agree')).toBeVisible();
  await expect(heading).toBeFocused();
  await expectAccessible(page, 'consent');
  await page.getByTestId('consent-agree').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await expect(heading).toBeFocused();
  await expectAccessible(page, 'summary');
  // Change one answer: its page, then straight back to the summary.
  await page.getByTestId('change-fullName').click();
  await expect(page.getByTestId('full-name')).toHaveValue(citizen(9001).fullName);
  await page.getByTestId('next').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('ticket-number')).toBeVisible();
  await expect(heading).toBeFocused();
  await expectAccessible(page, 'ticket');
});

test('kiosk: English, and the idle warning', async ({ page }) => {
  // The page's clock is moved by the kiosk's own delay to the warning, so axe runs on the warning
  // at leisure: the reset stays 20 s of the page's time away while the real clock runs.
  await page.clock.install();
  await pair(page, station('kiosk-hcm-ben-thanh-1'));
  await page.goto(system().kioskUrl);
  await page.getByTestId('language').click();
  await expect(page.getByTestId('start')).toHaveText('Touch to start');
  await expectAccessible(page, 'welcome (English)');
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-idNumber')).toBeVisible();
  await expectAccessible(page, 'identity with errors (English)');
  await page.clock.fastForward(KIOSK_IDLE_WARNING_MS);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await expectAccessible(page, 'idle warning');
});

test('counter: sign-in and the queue', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await pair(page, station('counter-hcm-ben-thanh-1'));
  await expectAccessible(page, 'counter sign-in');
  await signIn(page, 'clerk.benthanh');
  await page.getByTestId('nav-queue').click();
  await expectAccessible(page, 'counter queue');
  await context.close();
});
