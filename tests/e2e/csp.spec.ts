import { expect, test, type Page } from '@playwright/test';
import { pair, signIn, station, system } from './system.ts';

/**
 * Both apps run under their Content-Security-Policy — scripts from their own origin and the one
 * start-up script SvelteKit hashed, no framing — and nothing they do on the way is refused by it
 * (a refusal would be a page that silently does not work).
 */
function violationsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('the kiosk and the counter run under their policy, refuse framing, and the policy refuses nothing they do', async ({ page }) => {
  const violations = violationsOf(page);
  const kiosk = await page.request.get(system().kioskUrl);
  expect(kiosk.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(await kiosk.text()).toMatch(/http-equiv="content-security-policy" content="[^"]*script-src 'self'[^"]*'sha256-/);

  await pair(page, station('kiosk-hcm-ben-thanh-1'));
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await expect(page.getByTestId('id-number')).toBeVisible();
  // An inline script the page did not bring is refused.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    return (window as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  expect(violations.splice(0)).toHaveLength(1);

  await pair(page, station('counter-hcm-ben-thanh-1'));
  await signIn(page, 'clerk.benthanh');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('nav-queue')).toHaveAttribute('aria-current', 'page');
  expect(violations).toEqual([]);
});
