import { expect, test } from '@playwright/test';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, station } from './system.ts';

/**
 * One free certificate per citizen: a citizen who received a token comes back and registers for
 * a remote signature. Before any signature the counter shows what they already hold (provider,
 * channel, serial, date, site, status, from the server's staff-only look-up), refuses the second
 * certificate with the reason in Vietnamese, and the clerk cancels it as a duplicate.
 */
test('duplicate citizen: the counter shows the existing certificate and refuses a second one', async ({ browser }) => {
  const person = { ...citizen(9101), fullName: 'Hoàng Thị Lặp' };
  const kiosk = station('kiosk-hcm-ben-thanh-1');
  const counterStation = station('counter-hcm-ben-thanh-1');

  const first = await registerInNewKiosk(browser, kiosk, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });
  {
    const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', first);
    await counter.getByTestId('citizen-arrived').click();
    await expect(counter.getByTestId('holdings-none')).toBeVisible();
    await counter.getByTestId('identity-documents-checked').click();
    await counter.getByTestId('outcome-issued').click();
    await counter.getByTestId('token-serial').fill('VNPT-TK-009101');
    await counter.getByTestId('outcome-confirm').click();
    await expect(counter.getByTestId('outcome-done')).toBeVisible();
    await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
    await context.close();
  }

  const second = await registerInNewKiosk(browser, kiosk, person, { kind: 'signature', channel: 'remote', provider: 'viettel' });
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', second);
  await counter.getByTestId('citizen-arrived').click();
  const held = counter.getByTestId('holding');
  await expect(held).toHaveCount(1);
  await expect(held).toHaveAttribute('data-status', 'active');
  await expect(held).toContainText('USB token');
  await expect(counter.getByTestId('holding-serial')).toHaveText('VNPT-TK-009101');
  await expect(counter.getByTestId('holdings-refused')).toHaveAttribute('data-code', 'DK_ERR_CERTIFICATE_ALREADY_HELD');
  await expect(counter.getByTestId('holdings-refused')).toContainText('chỉ được cấp một chứng thư miễn phí');

  // The papers are fine, but no second certificate: the provider is never asked, the outcome is refused.
  await counter.getByTestId('identity-documents-checked').click();
  await expect(counter.getByTestId('identity-check')).toHaveAttribute('data-check', 'documents-checked');
  await expect(counter.getByTestId('remote-panel')).toHaveCount(0);
  await counter.getByTestId('outcome-remote-activated').click();
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-error')).toHaveAttribute('data-code', 'DK_ERR_CERTIFICATE_ALREADY_HELD');

  await counter.getByTestId('outcome-cancel').click();
  await counter.getByTestId('cancel-reason').selectOption('duplicate');
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await context.close();
});
