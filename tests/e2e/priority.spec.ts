import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.ts';
import { citizen, registerAtKiosk, registerInNewKiosk } from './kiosk.ts';
import { heldRegistration, pair, printedTickets, signIn, station } from './system.ts';

/**
 * A priority ticket: one tap on the kiosk's summary (no proof asked), the ticket on screen and on
 * paper says so, the registration carries it, the counter's queue marks it, and "call next" takes
 * it before a citizen who came earlier — core's call order, within the site's priority share.
 */
test('a priority ticket is called before an older one', async ({ browser }) => {
  const kioskStation = station('kiosk-hcm-ben-thanh-1');
  const counterStation = station('counter-hcm-ben-thanh-1');
  const earlier = await registerInNewKiosk(browser, kioskStation, citizen(9801), { kind: 'eid' });

  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, kioskStation);
  const ticket = await registerAtKiosk(kiosk, citizen(9802), { kind: 'eid' }, { priority: true });
  await expect(kiosk.getByTestId('ticket-priority')).toHaveText('Vé ưu tiên');
  // People ahead and about how long, from the site's counts — or, honestly, that it cannot tell yet.
  await expect(kiosk.getByTestId('ticket-wait')).toHaveText(
    /người đang chờ trước bạn, khoảng \d+–\d+ phút|Không có ai chờ trước bạn|Chưa ước tính được/,
  );
  await expectAccessible(kiosk, 'kiosk: a priority ticket');
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  // The paper ticket says it first (the printer's log holds what it printed, line by line).
  const printed = async () =>
    (await printedTickets(kioskStation)).findLast((t) => t.lines.includes(ticket))?.lines.map((l) => l.normalize('NFC'));
  await expect.poll(printed).toContain('VÉ ƯU TIÊN');
  await kioskContext.close();

  const counterContext = await browser.newContext({ viewport: { width: 1440, height: 1400 } });
  const counter = await counterContext.newPage();
  await pair(counter, counterStation);
  await signIn(counter, 'clerk.benthanh');
  await counter.getByTestId('nav-queue').click();
  await expect(counter.getByTestId(`priority-${ticket}`)).toHaveText('Ưu tiên');
  await expect(counter.getByTestId(`queue-row-${earlier}`)).toBeVisible();
  await expect(counter.getByTestId(`priority-${earlier}`)).toHaveCount(0);
  await expectAccessible(counter, 'counter: a queue with a priority ticket');

  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('called-notice')).toContainText(ticket);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await counterContext.close();

  const held = await heldRegistration<{ draft: { ticket: { number: string }; priority?: boolean }; status: string }>(
    ticket,
    counterStation,
  );
  expect(held).toMatchObject({ status: 'called', draft: { priority: true } });
  const other = await heldRegistration<{ draft: { ticket: { number: string }; priority?: boolean }; status: string }>(
    earlier,
    counterStation,
  );
  expect(other?.status).toBe('waiting');
  expect(other?.draft).not.toHaveProperty('priority');
});
