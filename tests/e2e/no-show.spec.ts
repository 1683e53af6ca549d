import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, heldRegistration, station } from './system.ts';

/**
 * Queue actions that forgive: a called citizen who does not come is marked "not here", not
 * cancelled. The counter is free, the ticket waits with the time left of its grace period, and
 * "citizen left" before the grace ran out asks for a confirmation. The clerk calls the citizen
 * again, serves them, and the server holds one registration: called, not here, called again,
 * served — each step under the clerk's name.
 */
test('no-show → recall → served', async ({ browser }) => {
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), citizen(9701), { kind: 'eid' });
  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  const flow = counter.getByTestId('counter-flow');

  await expect(counter.getByTestId('called-notice')).toContainText(ticket);
  await expect(counter.getByTestId('called-cancel')).toHaveCount(0);
  const absent = counter.getByTestId('citizen-absent');
  expect((await absent.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await absent.click();

  // The counter is free; the ticket waits out its grace period (15 minutes by default).
  await expect(flow).toHaveAttribute('data-state', JSON.stringify('idle'));
  const row = counter.getByTestId(`no-show-${ticket}`);
  await expect(row.getByTestId('no-show-countdown')).toHaveText(/^còn 1[45]:\d\d để gọi lại$/);
  await expect(counter.getByTestId(`queue-row-${ticket}`)).toContainText('Vắng mặt');
  const recall = row.getByTestId(`no-show-recall-${ticket}`);
  expect((await recall.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await expectAccessible(counter, 'counter: a citizen not here');

  // "Citizen left" before the grace ran out is not one click: it asks first.
  await row.getByTestId(`no-show-cancel-${ticket}`).click();
  await expect(row.getByRole('alert')).toContainText(ticket);
  await expectAccessible(counter, 'counter: confirm "citizen left" before the grace ran out');
  await row.getByTestId('no-show-cancel-back').click();

  // The citizen is back: called again, served.
  await recall.click();
  await expect(counter.getByTestId('called-notice')).toContainText(ticket);
  await expect(row).toHaveCount(0);
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('outcome-eid-handed-over').click();
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();

  const held = await heldRegistration<{
    draft: { ticket: { number: string } };
    status: string;
    outcome: string;
    noShow?: unknown;
    calledBy: string;
    operatorId: string;
    version: number;
  }>(ticket, counterStation);
  // submitted, called, not here, called again, handed over: five events, none refused.
  expect(held).toMatchObject({
    status: 'completed',
    outcome: 'eid-level2-handed-over',
    noShow: null,
    calledBy: 'clerk.benthanh',
    operatorId: 'clerk.benthanh',
    version: 5,
  });
});
