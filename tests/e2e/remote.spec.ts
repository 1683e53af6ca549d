import { expect, test } from '@playwright/test';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, heldRegistration, station } from './system.ts';

/**
 * A remote signature activated at the counter, against the server's provider simulator: the
 * kiosk registers "remote / Viettel", the clerk calls the ticket and sends it to the provider,
 * the panel shows the activation code, a QR drawn on the page and the phone-app instructions;
 * the citizen's confirmation on the phone (the simulator's stand-in button) completes the
 * registration with `remote.activated`, and the server holds it completed.
 */
test('the counter activates remote signing: code and QR for the phone app, confirmed, completed on the server', async ({ browser }) => {
  const person = { ...citizen(601), fullName: 'Phạm Quốc Việt' };
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), person, {
    kind: 'signature',
    channel: 'remote',
    provider: 'viettel',
  });

  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  await counter.getByTestId('citizen-arrived').click();
  // A remote signature is a signature: the provider is asked only once the identity is checked.
  await expect(counter.getByTestId('remote-panel')).toHaveCount(0);
  await counter.getByTestId('identity-documents-checked').click();

  const panel = counter.getByTestId('remote-panel');
  await expect(panel).toHaveAttribute('data-state', 'idle');
  await counter.getByTestId('remote-submit').click();
  await expect(counter.getByTestId('remote-code')).toHaveText(/^\d{6}$/, { timeout: 15_000 });
  await expect(counter.getByTestId('remote-qr')).toBeVisible();
  await expect(counter.getByTestId('remote-instructions')).toContainText('Viettel MySign');
  await expect(counter.getByTestId('remote-waiting')).toBeVisible();

  await counter.getByTestId('remote-simulate-confirm').click();
  await expect(counter.getByTestId('remote-confirmed')).toBeVisible({ timeout: 15_000 });
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();

  const held = await heldRegistration<{ status: string; outcome: string | null; draft: { ticket: { number: string } } }>(
    ticket,
    counterStation,
  );
  expect(held).toMatchObject({ status: 'completed', outcome: 'remote-activated' });
});
