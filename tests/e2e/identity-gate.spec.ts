import { expect, test } from '@playwright/test';
import { registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, heldRegistration, station } from './system.ts';

/**
 * The chip contradicts the registration: a citizen typed their card's ID number at the kiosk but
 * another name and birth date. At the counter the clerk reads the genuine chip (passive
 * authentication passes): issuance is blocked with the reason in Vietnamese, "papers checked" is
 * not offered, and recording a token is refused. The clerk corrects the registration from the
 * chip (before/after shown), the gate lets the citizen through, and the token is issued; the
 * server holds the corrected identity and the issuance. Later, "Tra cứu token" asks for the
 * holder the same way: their card read on the counter's reader identifies them for an unblock.
 */
test('mismatched chip → blocked → corrected from the chip → issued', async ({ browser }) => {
  const k = station('kiosk-hcm-ben-thanh-1');
  const card = k.simulatedCard!;
  const typedName = 'Đinh Văn Nhầm';
  const person = {
    idNumber: card.idNumber,
    fullName: typedName,
    birth: { day: '2', month: '1', year: '1970' },
    sex: 'M' as const,
    address: '1 Đường Thử, phường Bến Thành, TP. Hồ Chí Minh',
    phone: '0977123457',
  };
  const ticket = await registerInNewKiosk(browser, k, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });

  const counterStation = station('counter-hcm-ben-thanh-1');
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  await counter.getByTestId('citizen-arrived').click();
  const gate = counter.getByTestId('identity-check');
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED');

  await counter.getByTestId('chip-check-read').click();
  await expect(counter.getByTestId('chip-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  await expect(counter.getByTestId('chip-match')).toHaveAttribute('data-match', 'false');
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_IDENTITY_CHIP_MISMATCH');
  await expect(counter.getByTestId('identity-gate-reason')).toContainText('KHÔNG khớp');
  await expect(counter.getByTestId('identity-gate-reason')).toBeFocused();
  await expect(counter.getByTestId('identity-gate-fields')).toContainText('Họ và tên');
  // Against a genuine chip, the papers are not offered and no token can be recorded.
  await expect(counter.getByTestId('identity-documents-checked')).toHaveCount(0);
  await expect(counter.getByTestId('token-panel')).toHaveCount(0);
  await counter.getByTestId('outcome-issued').click();
  await counter.getByTestId('token-serial').fill('VNPT-TK-000901');
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-error')).toHaveAttribute('data-code', 'DK_ERR_IDENTITY_CHIP_MISMATCH');

  // Before / after, field by field, then the chip's values replace the typed ones.
  const name = counter.getByTestId('identity-correction-fullName');
  await expect(name).toContainText(typedName);
  await expect(name).toContainText(card.fullName);
  const button = counter.getByTestId('identity-correct-from-chip');
  const box = await button.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await button.click();
  await expect(gate).toHaveAttribute('data-check', 'chip-matched');
  await expect(counter.getByTestId('chip-match')).toHaveAttribute('data-match', 'true');

  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await counter.getByTestId('finish').click();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');

  // Token care goes through the same gate: the holder's card on this counter's reader, compared
  // with the token's registration (as corrected), identifies them — then the unblock may begin.
  await counter.getByTestId('token-care-query').fill(ticket);
  await counter.getByTestId('token-care-find').click();
  const holder = counter.getByTestId('token-care-holder-check');
  await expect(holder).toHaveAttribute('data-code', 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED');
  await counter.getByTestId('token-care').getByTestId('chip-check-read').click();
  await expect(counter.getByTestId('chip-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 });
  await expect(holder).toHaveAttribute('data-check', 'chip-matched');
  await expect(counter.getByTestId('token-care-holder-ok')).toContainText('chip CCCD');
  await counter.getByTestId('token-care-unblock').click();
  await expect(counter.getByTestId('token-care-insert')).toContainText('VNPT-TK-000901');
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();

  const held = await heldRegistration<{
    status: string;
    outcome: string | null;
    draft: { ticket: { number: string }; identity: { fullName: string } };
    corrections?: { fields: string[]; source: string }[];
  }>(ticket, counterStation);
  expect(held).toMatchObject({ status: 'completed', outcome: 'token-issued', draft: { identity: { fullName: card.fullName } } });
  expect(held?.corrections?.[0]).toMatchObject({ source: 'chip' });
  expect(held?.corrections?.[0]?.fields).toContain('fullName');
});
