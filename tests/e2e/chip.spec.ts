import { expect, test } from '@playwright/test';
import { callAtCounter, pair, station } from './system.ts';

/**
 * The chip at the counter: the clerk taps the citizen's card on the counter's reader, sees it
 * matches the registration, that the chip is genuine, and the chip's portrait — displayed by
 * Chromium whatever the chip stores (JPEG, or JPEG 2000 converted by the agent).
 */
test('the counter reads the card: genuine chip, same person as registered, portrait shown', async ({ browser }) => {
  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  const k = station('kiosk-hcm-ben-thanh-1');
  const card = k.simulatedCard!;
  await pair(kiosk, k);
  await kiosk.getByTestId('start').click();
  // e-ID level 2: the journey's card is the simulator's only card, and its one free signature
  // certificate is the identity-gate journey's to issue.
  await kiosk.getByTestId('service-eid').click();
  await kiosk.getByTestId('how-chip').click();
  await kiosk.getByTestId('id-number').fill(card.idNumber);
  await kiosk.getByTestId('chip-read').click();
  await expect(kiosk.getByTestId('chip-status')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  await kiosk.getByTestId('next').click();
  await kiosk.getByTestId('phone').fill('0977123456');
  await kiosk.getByTestId('next').click();
  await kiosk.getByTestId('consent-agree').click();
  await kiosk.getByTestId('confirm').click();
  const ticket = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await kioskContext.close();

  const { page: counter, context } = await callAtCounter(browser, station('counter-hcm-ben-thanh-1'), 'clerk.benthanh', ticket, {
    width: 1440,
    height: 1000,
  });
  await expect(counter.getByTestId('detail-source')).toContainText('Đã xác thực chip');
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('chip-check-read').click();
  await expect(counter.getByTestId('chip-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  await expect(counter.getByTestId('chip-match')).toHaveAttribute('data-match', 'true');
  const photo = counter.getByTestId('chip-photo');
  await expect(photo).toBeVisible();
  // Decoded and painted by Chromium, not a broken image.
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // Nothing of the photo is kept: after the outcome, it is gone from the page.
  await counter.getByTestId('outcome-eid-handed-over').click();
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('chip-photo')).toHaveCount(0);
  await context.close();
});
