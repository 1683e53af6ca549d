import { expect, test } from '@playwright/test';
import { citizen, registerAtKiosk } from './kiosk.ts';
import { deviceAuth, pair, station, signIn, system } from './system.ts';

/**
 * A remote signature activated at the counter, against the server's provider simulator: the
 * kiosk registers "remote / Viettel", the clerk calls the ticket and sends it to the provider,
 * the panel shows the activation code, a QR drawn on the page and the phone-app instructions;
 * the citizen's confirmation on the phone (the simulator's stand-in button) completes the
 * registration with `remote.activated`, and the server holds it completed.
 */
test('the counter activates remote signing: code and QR for the phone app, confirmed, completed on the server', async ({ browser }) => {
  const person = { ...citizen(601), fullName: 'Phạm Quốc Việt' };
  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, station('kiosk-hcm-ben-thanh-1'));
  const ticket = await registerAtKiosk(kiosk, person, { kind: 'signature', channel: 'remote', provider: 'viettel' });
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await kioskContext.close();

  const counterStation = station('counter-hcm-ben-thanh-1');
  const context = await browser.newContext({ viewport: { width: 1440, height: 1400 } });
  const counter = await context.newPage();
  await pair(counter, counterStation);
  await signIn(counter, 'clerk.benthanh');
  await counter.getByTestId('nav-queue').click();
  await counter.getByTestId(`call-${ticket}`).click();
  await counter.getByTestId('citizen-arrived').click();

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

  let held: { status: string; outcome: string | null; draft: { ticket: { number: string } } } | undefined;
  let url = new URL('/v1/sync/pull', system().serverUrl);
  for (;;) {
    const body = (await (await fetch(url, { headers: { authorization: deviceAuth(counterStation) } })).json()) as { registrations: (typeof held & object)[]; cursor: string; hasMore: boolean };
    held = body.registrations.find((r) => r.draft.ticket.number === ticket) ?? held;
    if (!body.hasMore) break;
    url = new URL('/v1/sync/pull', system().serverUrl);
    url.searchParams.set('cursor', body.cursor);
  }
  expect(held).toMatchObject({ status: 'completed', outcome: 'remote-activated' });
});
