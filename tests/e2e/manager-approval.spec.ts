import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { uuidv7 } from '@dangky/core/events';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';
import { formatTicketNumber } from '@dangky/core/schemas';
import { callAtCounter, deviceAuth, heldRegistration, pair, signIn, station, system } from './system.ts';
import { expectAccessible } from './axe.ts';

/** A registration whose kiosk chip read could not be verified and whose name the citizen changed from the chip's, pushed as its kiosk would; its ticket. */
async function unverifiedMismatch(idNumber: string, fullName: string, phone: string): Promise<string> {
  const kiosk = station('kiosk-hcm-ben-thanh-1');
  const { serverUrl } = system();
  const reference = (await (
    await fetch(new URL('/v1/reference', serverUrl), { headers: { authorization: deviceAuth(kiosk) } })
  ).json()) as {
    device: { lastSeq: number; lastTicket: { day: string; seq: number }; ticketPrefix: string };
  };
  const { lastSeq, lastTicket, ticketPrefix } = reference.device;
  const ticket = formatTicketNumber(ticketPrefix, lastTicket.seq + 1);
  const at = new Date().toISOString();
  const registrationId = uuidv7();
  const submitted = {
    v: 1,
    id: uuidv7(),
    deviceId: kiosk.id,
    seq: lastSeq + 1,
    occurredAt: at,
    type: 'registration.submitted',
    payload: {
      registrationId,
      siteId: kiosk.siteId,
      service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' },
      identity: {
        idNumber,
        fullName,
        birthDate: '1985-04-12',
        sex: 'M',
        address: '5 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh',
        source: 'chip',
        assurance: 'declared',
        provenance: {
          fields: {
            idNumber: { source: 'chip', edited: false },
            fullName: { source: 'manual', edited: true, editedFrom: 'chip' },
            birthDate: { source: 'chip', edited: false },
          },
          checks: [{ check: 'chip-passive-auth', outcome: 'warning', code: 'DK_ERR_ID_CHIP_NOT_VERIFIED', detail: { source: 'chip' } }],
        },
      },
      contact: { phone },
      consent: { given: true, textVersion: CONSENT_TEXT_VERSION, purposes: ['registration', 'provider-transfer'], at },
      ticket: { number: ticket, day: lastTicket.day },
      language: 'vi',
    },
  };
  const pushed = await fetch(new URL('/v1/sync/push', serverUrl), {
    method: 'POST',
    headers: { authorization: deviceAuth(kiosk), 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: kiosk.id, events: [submitted] }),
  });
  expect(((await pushed.json()) as { results: { status: string }[] }).results[0]?.status).toBe('accepted');

  return ticket;
}

const counterStation = station('counter-hcm-ben-thanh-1');

/** Registered with an unverified chip that disagrees, called and come to the counter: the identity gate asks for a manager. */
async function blockedAtCounter(browser: Browser, idNumber: string, fullName: string, phone: string) {
  const ticket = await unverifiedMismatch(idNumber, fullName, phone);
  const { page: counter, context } = await callAtCounter(browser, counterStation, 'clerk.benthanh', ticket);
  await counter.getByTestId('citizen-arrived').click();
  const gate = counter.getByTestId('identity-check');
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_IDENTITY_APPROVAL_REQUIRED');
  return { ticket, counter, context, gate };
}

/** Once approved: the clerk checks the papers and records the token issued; the server holds it completed. */
async function papersThenIssued(counter: Page, gate: Locator, ticket: string, tokenSerial: string): Promise<void> {
  await counter.getByTestId('identity-documents-checked').click();
  await expect(gate).toHaveAttribute('data-check', 'documents-checked');
  await counter.getByTestId('outcome-issued').click();
  await counter.getByTestId('token-serial').fill(tokenSerial);
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await counter.context().close();
  expect(await heldRegistration(ticket, counterStation)).toMatchObject({ status: 'completed', outcome: 'token-issued' });
}

/**
 * An unverified chip that disagrees needs a site manager. The demo's kiosks trust the chip
 * simulator's CSCA, so the kiosk whose chip could not be verified is played here by its own
 * device over the real push API: a registration whose kiosk read could not be verified (passive
 * authentication gave a warning) and whose name the citizen changed from the chip's. At the counter
 * the gate asks for a manager and offers no "papers checked"; a clerk's account cannot approve;
 * the site manager approves in the counter's modal with their own sign-in and a reason, the clerk
 * stays signed in, then checks the papers and issues. The server holds the manager's event.
 */
test('unverified chip disagrees → the manager approves on the counter → papers → issued', async ({ browser }) => {
  const { ticket, counter, gate } = await blockedAtCounter(browser, '079190009501', 'Trần Văn Đổi Tên', '0912345601');
  await expect(counter.getByTestId('identity-documents-checked')).toHaveCount(0);

  const ask = counter.getByTestId('identity-ask-manager');
  expect((await ask.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await ask.click();
  const dialog = counter.getByTestId('manager-approval');
  await expect(dialog).toBeVisible();
  const password = (username: string) => system().staff.find((s) => s.username === username)!.password;
  const reason = 'Công dân đổi tên theo quyết định 15/QĐ-UBND, chip cũ chưa xác thực được';

  // A reason too short, then a clerk's own account: both refused, the dialog stays.
  await counter.getByTestId('manager-username').fill('clerk.benthanh');
  await counter.getByTestId('manager-password').fill(password('clerk.benthanh'));
  await counter.getByTestId('manager-reason').fill('ok');
  await counter.getByTestId('manager-approve').click();
  await expect(counter.getByTestId('manager-approval-error')).toHaveAttribute('data-code', 'DK_ERR_APPROVAL_REASON_REQUIRED');
  await counter.getByTestId('manager-reason').fill(reason);
  await counter.getByTestId('manager-approve').click();
  await expect(counter.getByTestId('manager-approval-error')).toHaveAttribute('data-code', 'DK_ERR_APPROVAL_NOT_MANAGER');
  await expect(counter.getByTestId('manager-password')).toHaveValue('');

  await counter.getByTestId('manager-username').fill('manager.benthanh');
  await counter.getByTestId('manager-password').fill(password('manager.benthanh'));
  await counter.getByTestId('manager-approve').click();
  await expect(dialog).toBeHidden();
  await expect(counter.getByTestId('identity-approved-by')).toContainText('Lê Hoàng Nam');
  await expect(counter.getByTestId('identity-approved-by')).toContainText('15/QĐ-UBND');
  // The clerk is still the one signed in on this counter.
  await expect(counter.getByTestId('signed-in-as')).toContainText('Nguyễn Thị Lan');

  // The approval opens the papers check, nothing more.
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED');
  // The server stored the manager's approval event before the issuance it allowed.
  await papersThenIssued(counter, gate, ticket, 'VNPT-TK-000951');
});

/**
 * The manager approves from their own page instead: signed in with their own account in their own
 * browser, "Hồ sơ chờ quản lý phê duyệt" lists the registration blocked at the counter with the
 * field that disagrees; they write a reason and approve. The clerk's counter picks the approval up
 * (it asks the server while the gate waits), records the manager's event, and goes on to the papers.
 */
test('unverified chip disagrees → the manager approves from their page → the counter goes on → issued', async ({ browser }) => {
  const { ticket, counter, gate } = await blockedAtCounter(browser, '079190009502', 'Lê Thị Đổi Tên', '0912345602');
  await expect(counter.getByTestId('await-approval')).toBeVisible();

  const managerContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const manager = await managerContext.newPage();
  await pair(manager, counterStation);
  await signIn(manager, 'manager.benthanh');
  await manager.getByTestId('nav-reports').click();
  await manager.getByTestId('report-approvals-link').click();
  const item = manager.getByTestId(`approval-${ticket}`);
  await expect(item).toHaveAttribute('data-purpose', 'issuance');
  await expect(item).toContainText('Lê Thị Đổi Tên');
  await expect(item).toContainText('Họ và tên');
  await manager.getByTestId(`approval-reason-${ticket}`).fill('Đã gọi điện xác minh với công an phường: công dân đổi tên');
  await manager.getByTestId(`approval-approve-${ticket}`).click();
  await expect(manager.getByTestId('approval-done')).toBeVisible();
  await expect(manager.getByTestId(`approval-${ticket}`)).toHaveCount(0);
  await expectAccessible(manager, 'approvals page');
  await managerContext.close();

  // The counter picks the approval up by itself (it asks every few seconds): the papers next.
  await expect(gate).toHaveAttribute('data-code', 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED', { timeout: 20_000 });
  await expect(counter.getByTestId('await-approval')).toHaveCount(0);
  await papersThenIssued(counter, gate, ticket, 'VNPT-TK-000952');
});
