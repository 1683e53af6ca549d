import { expect, test, type Page } from '@playwright/test';
import { KIOSK_IDLE_RESET_MS, KIOSK_IDLE_WARNING_MS } from '@dangky/core/machines';
import { expectAccessible, expectCounterScreen } from './axe.ts';
import { citizen, fillIdentity, registerAtKiosk } from './kiosk.ts';
import { pair, printedTickets, signIn, station, system } from './system.ts';

/**
 * WCAG 2.2 A and AA, checked by axe-core in Debian's Chromium at every screen and state these
 * journeys reach: the kiosk from welcome to ticket (with its errors, in English too, and the
 * idle warning), and the counter's sign-in and queue. Zero violations.
 */
/**
 * The journey runs three times: as shipped, in high contrast (light on black, every pair of
 * colours checked again) and in large text. Each mode is one tap in the header and is turned on
 * at the welcome screen, as a citizen would.
 */
const DISPLAY = [
  { name: 'default', toggle: null, attribute: null },
  { name: 'high contrast', toggle: 'high-contrast', attribute: ['data-contrast', 'high'] },
  { name: 'large text', toggle: 'large-text', attribute: ['data-text', 'large'] },
] as const;

for (const display of DISPLAY) {
  test(`kiosk: every screen from welcome to ticket, with errors on screen (${display.name})`, async ({ page }) => {
    await walkToTicket(page, display);
  });
}

async function walkToTicket(page: Page, display: (typeof DISPLAY)[number]): Promise<void> {
  const check = (where: string) => expectAccessible(page, `${where} (${display.name})`);
  await pair(page, station('kiosk-hcm-ben-thanh-1'));
  await expect(page.getByTestId('start')).toBeEnabled();
  const root = page.locator('html');
  if (display.toggle) {
    await page.getByTestId(display.toggle).click();
    await expect(page.getByTestId(display.toggle)).toHaveAttribute('aria-pressed', 'true');
    await expect(root).toHaveAttribute(display.attribute[0], display.attribute[1]);
  }
  await check('welcome');
  // Every page change puts the focus on the new page's h1, so a screen reader says where the
  // citizen now is and Tab starts from the top of the page.
  const heading = page.getByRole('heading', { level: 1 });
  await page.getByTestId('start').click();
  await expect(heading).toBeFocused();
  await check('service');
  await page.getByTestId('service-signature').click();
  await expect(heading).toBeFocused();
  await page.getByTestId('channel-token').click();
  await page.getByTestId('provider-vnpt').click();
  await check('provider (chosen)');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('how-type')).toBeVisible();
  await expect(heading).toBeFocused();
  await check('identity: how');
  await page.getByTestId('how-chip').click();
  await expect(page.getByTestId('chip-read')).toBeVisible();
  await check('identity: the chip page');
  await page.getByTestId('back').click();
  await page.getByTestId('how-type').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-idNumber')).toBeVisible();
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await check('identity question with errors');
  await page.getByTestId('back').click();
  await fillIdentity(page, citizen(9001));
  await page.getByTestId('next').click();
  await expect(page.getByTestId('phone')).toBeVisible();
  await expect(heading).toBeFocused();
  await check('contact');
  await page.getByTestId('phone').fill('12');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-phone')).toBeVisible();
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.getByTestId('phone')).toHaveAttribute('aria-describedby', /phone-error/);
  await page.getByTestId('error-link-field-phone').click();
  await expect(page.getByTestId('phone')).toBeFocused();
  await check('contact with errors');
  await page.getByTestId('phone').fill(citizen(9001).phone);
  await page.getByTestId('next').click();
  await expect(page.getByTestId('consent-agree')).toBeVisible();
  await expect(heading).toBeFocused();
  await check('consent');
  await page.getByTestId('consent-agree').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await expect(heading).toBeFocused();
  await check('summary');
  // Change one answer: its page, then straight back to the summary.
  await page.getByTestId('change-fullName').click();
  await expect(page.getByTestId('full-name')).toHaveValue(citizen(9001).fullName);
  await page.getByTestId('next').click();
  await expect(page.getByTestId('confirm')).toBeVisible();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('ticket-number')).toBeVisible();
  await expect(heading).toBeFocused();
  if (display.attribute) await expect(root).toHaveAttribute(display.attribute[0], display.attribute[1]);
  await check('ticket');
  // The next citizen: the welcome screen's heading has the focus, and the display is the default.
  await page.getByTestId('done').click();
  await expect(page.getByTestId('start')).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(root).not.toHaveAttribute('data-contrast');
  await expect(root).not.toHaveAttribute('data-text');
  await expect(page.getByTestId('high-contrast')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('large-text')).toHaveAttribute('aria-pressed', 'false');
}

test('kiosk: English, and the idle warning', async ({ page }) => {
  // The page's clock is moved by the kiosk's own delay to the warning, so axe runs on the warning
  // at leisure: the reset stays 20 s of the page's time away while the real clock runs.
  await page.clock.install();
  await pair(page, station('kiosk-hcm-ben-thanh-1'));
  await page.goto(system().kioskUrl);
  await page.getByTestId('language').click();
  await expect(page.getByTestId('start')).toHaveText('Touch to start');
  // Both display modes at once, with the longer English words: the idle dialog in high contrast.
  await page.getByTestId('high-contrast').click();
  await page.getByTestId('large-text').click();
  await expectAccessible(page, 'welcome (English, high contrast, large text)');
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-idNumber')).toBeVisible();
  await expectAccessible(page, 'identity with errors (English)');
  await page.clock.fastForward(KIOSK_IDLE_WARNING_MS);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await expectAccessible(page, 'idle warning');
  // Nobody came back: the screen clears, and the next citizen has Vietnamese and the default display.
  await page.clock.fastForward(KIOSK_IDLE_RESET_MS);
  await expect(page.getByTestId('start')).toHaveText('Chạm để bắt đầu');
  await expect(page.locator('html')).not.toHaveAttribute('data-contrast');
  await expect(page.locator('html')).not.toHaveAttribute('data-text');
});

test('kiosk: help from the welcome screen and the ticket, the same pages on a phone from the ticket’s link', async ({ page, browser }) => {
  const kiosk = station('kiosk-hcm-ben-thanh-1');
  await pair(page, kiosk);
  await expect(page.getByTestId('start')).toBeEnabled();
  // The welcome screen says who may register and what to bring, with the site's ages.
  await expect(page.getByTestId('welcome-who')).toContainText('Chữ ký số cá nhân miễn phí: công dân Việt Nam từ 18 tuổi.');
  await expect(page.getByTestId('welcome-who')).toContainText('Mang theo: thẻ căn cước còn hạn');
  const heading = page.getByRole('heading', { level: 1 });
  await page.getByTestId('help-open').click();
  await expect(page.getByTestId('help')).toHaveAttribute('data-page', 'list');
  await expect(heading).toHaveText('Hướng dẫn');
  await expect(heading).toBeFocused();
  await expect(page.getByTestId('start')).toBeHidden();
  await expectAccessible(page, 'help: the list');
  await page.getByTestId('help-topic-eid-lock').click();
  await expect(heading).toHaveText('Khóa và mở khóa tài khoản định danh điện tử');
  await expect(heading).toBeFocused();
  await expect(page.getByTestId('help')).toContainText('2 ngày làm việc');
  await expectAccessible(page, 'help: locking an e-ID account');
  await page.getByTestId('help-back').click();
  await page.getByTestId('help-topic-portal-token').click();
  await expect(page.getByTestId('help')).toContainText('dichvucong.gov.vn');
  await page.getByTestId('help-close').click();
  // Back where the citizen was, with its heading focused.
  await expect(page.getByTestId('help')).toBeHidden();
  await expect(page.getByTestId('start')).toBeVisible();
  await expect(heading).toBeFocused();

  // After registering, the ticket screen has the same help, and the ticket prints its link.
  const before = (await printedTickets(kiosk)).length;
  await registerAtKiosk(page, citizen(9301), { kind: 'eid' });
  await page.getByTestId('language').click();
  await page.getByTestId('help-open').click();
  await expect(heading).toHaveText('Help');
  await page.getByTestId('help-topic-eid-level2').click();
  await expect(heading).toHaveText('Level-2 electronic identity: what it gives and what it needs');
  await expectAccessible(page, 'help in English over the ticket');
  await page.getByTestId('help-close').click();
  await expect(page.getByTestId('ticket-number')).toBeVisible();
  await expect.poll(async () => (await printedTickets(kiosk)).length).toBe(before + 1);
  const printed = (await printedTickets(kiosk)).at(-1)!;
  const link = printed.lines.find((line) => line.includes('/help'));
  expect(link).toMatch(/^(Hướng dẫn sau khi đăng ký|Help after your visit): http:\/\/\S+\/help\/$/);

  // The link opens the same pages in any browser, as plain pages without the kiosk app.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(link!.split(': ')[1]!);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Hướng dẫn');
  await phone.getByRole('link', { name: 'Ký một tài liệu (PDF) bằng chữ ký số' }).click();
  await expect(phone.locator('#sign-pdf h2')).toBeInViewport();
  await expectAccessible(phone, 'help on a phone');
  await phone.getByRole('link', { name: 'English' }).click();
  await expect(phone.getByRole('heading', { level: 2, name: 'Sign a document (PDF) with your digital signature' })).toBeVisible();
  await phone.close();
});

test('counter: sign-in and the queue', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await pair(page, station('counter-hcm-ben-thanh-1'));
  await expectCounterScreen(page, 'counter sign-in');
  await signIn(page, 'clerk.benthanh');
  await page.getByTestId('nav-queue').click();
  await expectCounterScreen(page, 'counter queue');
  await context.close();
});
