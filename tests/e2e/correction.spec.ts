import { expect, test } from '@playwright/test';
import { registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, heldRegistration, station } from './system.ts';

/**
 * A typo fixed by the clerk from the papers, not by cancelling and registering again: the
 * clerk picks the field, sees the registration's value and the new one side by side, gives a
 * reason, and the server holds the corrected view with the correction listed (fields, source,
 * reason). Once a genuine chip was read, the ID number, name and birth date are the chip's: the
 * form no longer offers them and says why.
 */
test('the clerk corrects a typo from the papers; a verified chip’s fields are not typed over', async ({ browser }) => {
  const k = station('kiosk-hcm-ben-thanh-1');
  const card = k.simulatedCard!;
  const person = {
    idNumber: card.idNumber,
    fullName: 'Đinh Văn Gõ Nhầm',
    birth: { day: '2', month: '1', year: '1970' },
    sex: 'M' as const,
    address: '7 Đường Thử, phường Bến Thàng, TP. Hồ Chí Minh',
    phone: '0977123459',
  };
  const ticket = await registerInNewKiosk(browser, k, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });

  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  await counter.getByTestId('citizen-arrived').click();

  const fixed = '7 Đường Thử, phường Bến Thành, TP. Hồ Chí Minh';
  const open = counter.getByTestId('correction-open');
  expect((await open.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await open.click();
  await counter.getByTestId('correction-field').selectOption('address');
  await counter.getByTestId('correction-value').fill(fixed);
  await expect(counter.getByTestId('correction-before')).toHaveText('7 Đường Thử, phường Bến Thàng, TP. Hồ Chí Minh');
  await expect(counter.getByTestId('correction-after')).toHaveText(fixed);
  // "Another reason" needs a note.
  await counter.getByTestId('correction-reason').selectOption('other');
  await counter.getByTestId('correction-confirm').click();
  await expect(counter.getByTestId('correction-error')).toHaveAttribute('data-code', 'DK_ERR_CORRECTION_NOTE_REQUIRED');
  await counter.getByTestId('correction-reason').selectOption('typo');
  await counter.getByTestId('correction-confirm').click();
  await expect(counter.getByTestId('correction-open')).toBeVisible();
  await expect(counter.getByTestId('registration-detail')).toContainText(fixed);

  // A genuine chip read: the name it holds is no longer the clerk's to type.
  await counter.getByTestId('chip-check-read').click();
  await expect(counter.getByTestId('chip-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  await counter.getByTestId('correction-open').click();
  await expect(counter.getByTestId('correction-chip-held')).toContainText('Họ và tên');
  await expect(counter.getByTestId('correction-field').locator('option[value="fullName"]')).toHaveCount(0);
  await expect(counter.getByTestId('correction-field').locator('option[value="phone"]')).toHaveCount(1);
  await counter.getByTestId('correction-cancel').click();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();

  const held = await heldRegistration<{
    draft: { ticket: { number: string }; identity: { address: string } };
    corrections?: { fields: string[]; source: string; reason: string; by: string }[];
  }>(ticket, counterStation);
  expect(held?.draft.identity.address).toBe(fixed);
  expect(held?.corrections).toEqual([
    expect.objectContaining({ fields: ['address'], source: 'typed', reason: 'typo', by: 'clerk.benthanh' }),
  ]);
});
