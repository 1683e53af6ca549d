import { expect, test } from '@playwright/test';
import { citizen, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, heldRegistration, station } from './system.ts';

/**
 * After an e-ID level-2 application was handed over to the police, the clerk records the
 * officer's answer later, from the counter: found by ticket, refused with the officer's reason
 * and reference (a refusal without a reason is not taken). The server holds the result, and an
 * application with its final result is not offered again.
 */
test('e-ID level 2: handed over, then the officer’s refusal recorded with reason and reference', async ({ browser }) => {
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), citizen(9601), { kind: 'eid' });
  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('outcome-eid-handed-over').click();
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await counter.getByTestId('finish').click();

  const panel = counter.getByTestId('eid-result');
  await panel.getByTestId('eid-result-query').fill(ticket);
  await panel.getByTestId('eid-result-search').click();
  await panel.getByTestId(`eid-result-pick-${ticket}`).click();
  await panel.getByTestId('eid-result-refused').check();
  await panel.getByTestId('eid-result-reference').fill('BN-2026/0960');
  await panel.getByTestId('eid-result-confirm').click();
  // The browser asks for the required reason first; nothing is recorded without it.
  await expect(panel.getByTestId('eid-result-done')).toHaveCount(0);
  await panel.getByTestId('eid-result-reason').fill('Ảnh chân dung không đạt yêu cầu');
  await panel.getByTestId('eid-result-confirm').click();
  await expect(panel.getByTestId('eid-result-done')).toContainText(ticket);

  await panel.getByTestId('eid-result-query').fill(ticket);
  await panel.getByTestId('eid-result-search').click();
  await expect(panel.getByTestId('eid-result-none')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();

  const held = await heldRegistration<{
    outcome: string | null;
    draft: { ticket: { number: string } };
    eidResult?: { result: string; officerReference: string; reason?: string; by: string } | null;
  }>(ticket, counterStation);
  expect(held?.outcome).toBe('eid-level2-handed-over');
  expect(held?.eidResult).toMatchObject({ result: 'refused', officerReference: 'BN-2026/0960', by: 'clerk.benthanh' });
});
