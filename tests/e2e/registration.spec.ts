import { expect, test } from '@playwright/test';
import { expectCounterScreen } from './axe.ts';
import { citizen, registerAtKiosk } from './kiosk.ts';
import { routes } from '@dangky/core/protocol';
import { hcmDay } from '@dangky/core/time';
import { deviceAuth, openTicketQr, pair, printedTickets, serverRegistrations, signIn, station, system } from './system.ts';

/**
 * The spine, end to end in Chromium: a citizen registers at the kiosk, the ticket prints, a
 * clerk calls and completes it at the counter, and the managers' daily counts include it.
 */
const kioskStation = () => station('kiosk-hcm-ben-thanh-1');
const counterStation = () => station('counter-hcm-ben-thanh-1');

/** The site's registrations as the server holds them (the counter's pull), all pages. */
type HeldRegistration = { registrationId: string; status: string; draft: { ticket: { number: string }; identity: { idNumber: string } } };
const siteRegistrations = (): Promise<HeldRegistration[]> => serverRegistrations<HeldRegistration>(counterStation());

test('kiosk → printer → counter → manager: one registration travels the whole spine', async ({ browser }) => {
  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, kioskStation());
  await expect(kiosk.getByTestId('site-name')).toHaveText('UBND phường Bến Thành');
  const person = citizen(1);
  const ticket = await registerAtKiosk(kiosk, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });
  await expect(kiosk.getByTestId('print-status')).toHaveAttribute('data-state', 'printed');
  // Synced without anyone doing anything.
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');

  // The counter: pair, sign in, call the ticket, check, issue.
  const counterContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const counter = await counterContext.newPage();
  await pair(counter, counterStation());
  await signIn(counter, 'clerk.benthanh');
  await counter.getByTestId('nav-queue').click();
  await expect(counter.getByTestId(`queue-row-${ticket}`)).toBeVisible();
  await counter.getByTestId(`call-${ticket}`).click();
  await expect(counter.getByTestId('detail-name')).toHaveText(person.fullName);
  await counter.getByTestId('citizen-arrived').click();
  // A typed-in identity: the clerk checks the papers before a token may be recorded.
  await counter.getByTestId('identity-documents-checked').click();
  await counter.getByTestId('outcome-issued').click();
  await counter.getByTestId('token-serial').fill('VNPT-TK-000123');
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');

  const held = (await siteRegistrations()).filter((r) => r.draft.ticket.number === ticket);
  expect(held).toHaveLength(1);
  expect(held[0]!.status).toBe('completed');

  // The site manager's count for today includes it: submitted and completed.
  await counter.getByTestId('sign-out').click();
  await signIn(counter, 'manager.benthanh');
  await counter.getByTestId('nav-reports').click();
  await counter.getByTestId('report-show').click();
  const total = counter.getByTestId('report-total');
  await expect(total.getByTestId('report-cell-submitted')).not.toHaveText('0');
  await expect(total.getByTestId('report-cell-completed')).not.toHaveText('0');
  await expect(counter.getByTestId('report-chart')).toBeVisible();
  await expectCounterScreen(counter, 'counter: the site report');
  const [download] = await Promise.all([counter.waitForEvent('download'), counter.getByTestId('report-csv').click()]);
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString('utf8')).toMatch(/hcm-ben-thanh/);

  // Waiting and service times: today's call and outcome, the clerk by name, and a Vietnamese export.
  await counter.getByTestId('report-queue-link').click();
  const today = counter.getByTestId('queue-periods').locator('tbody tr').last();
  await expect(today.getByTestId('queue-cell-called')).not.toHaveText('0');
  await expect(today.getByTestId('queue-cell-completed')).not.toHaveText('0');
  await expect(today.getByTestId('queue-cell-mean-service')).not.toHaveText('—');
  await expect(counter.getByTestId('queue-staff-clerk.benthanh')).toContainText('Nguyễn Thị Lan');
  await expect(counter.getByTestId('queue-live-hcm-ben-thanh')).toBeVisible();
  // The citizen's time at the kiosk is among the site's, with the minutes it fell in.
  await expect(counter.getByTestId('queue-kiosk-summary')).toContainText(/[1-9]\d* lượt đăng ký cho biết thời gian tại kiosk/);
  await expect(counter.getByTestId('queue-kiosk').locator('tbody tr').first()).toContainText(/\d+(–\d+)? phút/);
  await expectCounterScreen(counter, 'counter: waiting and service times');
  const [queueCsv] = await Promise.all([counter.waitForEvent('download'), counter.getByTestId('queue-report-csv').click()]);
  const queueText = Buffer.concat(await (await queueCsv.createReadStream()).toArray()).toString('utf8');
  expect(queueText.startsWith('\uFEFFNgày;Lượt đến;')).toBe(true);

  // The booth-day planner: today's arrivals at the site as the profile, a busier hour typed in, the counters needed.
  await counter.getByTestId('report-planner-link').click();
  await counter.getByTestId('planner-past-day').fill(hcmDay(new Date()));
  await counter.getByTestId('planner-take-day').click();
  await expect(counter.getByTestId('planner-profile').locator('tbody tr')).not.toHaveCount(0);
  await counter.getByTestId('planner-arrivals-0').fill('90');
  await counter.getByTestId('planner-arrivals-0').press('Tab');
  await counter.getByTestId('planner-run').click();
  await expect(counter.getByTestId('planner-needed-remote').getByTestId('planner-needed-counters')).toHaveText(/^\d+$/);
  await expect(counter.getByTestId('planner-seed-used')).toContainText('2026');
  // The citizen's time at the kiosk reached the site's figures: the planner says how many registrations measured it
  // today (the default below 30 of them, the measured time from 30 on — other journeys register here too).
  await expect(counter.locator('[data-testid^="planner-source-kiosk"]')).toHaveText(/(chỉ có|đo được từ) [1-9]\d* lượt đăng ký/);
  await expectCounterScreen(counter, 'counter: the booth-day planner');

  // The city manager sees every site of the city, per site.
  await counter.getByTestId('sign-out').click();
  await signIn(counter, 'manager.hcm');
  await counter.getByTestId('nav-reports').click();
  await counter.getByTestId('report-show').click();
  await counter.getByTestId('report-group').selectOption('site');
  await expect(counter.getByTestId('report-row-hcm-ben-thanh').getByTestId('report-cell-completed')).not.toHaveText('0');
  await kioskContext.close();
  await counterContext.close();
});

test('the printed ticket is the ticket on screen, Vietnamese intact', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const s = kioskStation();
  await pair(page, s);
  const before = (await printedTickets(s)).length;
  const ticket = await registerAtKiosk(page, citizen(2), { kind: 'signature', channel: 'remote', provider: 'viettel' });
  await expect(page.getByTestId('print-status')).toHaveAttribute('data-state', 'printed');
  const onScreenService = (await page.getByTestId('ticket-service').textContent())!.trim();
  await expect.poll(async () => (await printedTickets(s)).length).toBe(before + 1);
  const printed = (await printedTickets(s)).at(-1)!;
  expect(printed.lines).toContain(ticket);
  expect(printed.lines).toContain(onScreenService);
  expect(printed.lines).toContain('UBND phường Bến Thành');
  expect(printed.lines.join('\n')).toContain('Vui lòng chờ gọi số tại quầy.');
  // The QR on the ticket is the registration the server holds under that number, sealed: the
  // site's counter opens it (with the keys the server delivers to counters only) without asking.
  await expect.poll(async () => (await siteRegistrations()).filter((r) => r.draft.ticket.number === ticket).length).toBe(1);
  const held = (await siteRegistrations()).find((r) => r.draft.ticket.number === ticket)!;
  expect(printed.qrPayload).toMatch(/^DK:/);
  const opened = await openTicketQr(counterStation(), printed.qrPayload!, s.siteId);
  expect(opened.draft.registrationId).toBe(held.registrationId);
  expect(opened.draft.ticket.number).toBe(ticket);
  expect(opened.draft.identity.idNumber).toBe(citizen(2).idNumber);
  expect(opened.kioskDeviceId).toBe(s.id);
  // No personal data readable on the ticket: the QR's text carries it sealed, not in plain.
  expect(JSON.stringify(printed)).not.toContain(citizen(2).idNumber);
  expect(JSON.stringify(printed)).not.toContain('Nhung');
  expect(JSON.stringify(printed)).not.toContain(held.registrationId);
  await context.close();
});

test('offline: the kiosk loads, registers and reloads with the network cut, then syncs exactly once', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const s = station('kiosk-hcm-book-fair-1');
  await pair(page, s);
  // The service worker has precached the app and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  // With the network cut, the service worker serves the app.
  await context.setOffline(true);
  const offline = await page.reload();
  expect(offline?.fromServiceWorker()).toBe(true);
  await expect(page.getByTestId('start')).toBeVisible();
  // A station whose uplink is down still reaches its own hardware agent on 127.0.0.1, which keeps
  // the keys of the sealed rows; the browser's offline mode would cut that WebSocket too. So the
  // registration runs with the sync-server unreachable and the agent there.
  await context.setOffline(false);
  const server = new URL(system().serverUrl).origin;
  const toServer = (url: URL) => url.origin === server;
  await context.route(toServer, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByTestId('start')).toBeEnabled();
  const person = citizen(3);
  const ticket = await registerAtKiosk(page, person, { kind: 'eid' });
  expect(ticket).toMatch(/^B-/);
  await page.getByTestId('done').click();
  await page.reload();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '1');
  const before = await serverRegistrations(station('counter-hcm-book-fair-1'));
  expect(before.filter((r) => r.draft.ticket.number === ticket)).toHaveLength(0);

  await context.unroute(toServer);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  const after = await serverRegistrations<{ draft: { ticket: { number: string }; identity: { idNumber: string } } }>(
    station('counter-hcm-book-fair-1'),
  );
  const held = after.filter((r) => r.draft.ticket.number === ticket);
  expect(held).toHaveLength(1);
  expect(held[0]!.draft.identity.idNumber).toBe(person.idNumber);
  await context.close();
});

test('a counter with nobody signed in gets no queue; the clerk signs in and it comes at once', async ({ browser }) => {
  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, kioskStation());
  const person = citizen(1101);
  const ticket = await registerAtKiosk(kiosk, person, { kind: 'signature', channel: 'remote', provider: 'viettel' });
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await kioskContext.close();

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const counter = await context.newPage();
  const pulls: number[] = [];
  counter.on('response', (r) => {
    if (new URL(r.url()).pathname === routes.pull) pulls.push(r.status());
  });
  // Paired, nobody signed in: the counter's first sync pushes (its report) and asks for no queue.
  const firstPush = counter.waitForResponse((r) => new URL(r.url()).pathname === routes.push, { timeout: 30_000 });
  await pair(counter, counterStation());
  expect((await firstPush).status()).toBe(200);
  expect(pulls).toEqual([]);
  await expect(counter.getByTestId('login-username')).toBeVisible();
  await expect(counter.getByText(person.fullName)).toHaveCount(0);

  // Nor would the server give it one: the counter's secret alone opens no citizen's data.
  const bare = await fetch(new URL(routes.pull, system().serverUrl), { headers: { authorization: deviceAuth(counterStation()) } });
  const body = await bare.text();
  expect([bare.status, (JSON.parse(body) as { error: { code: string } }).error.code]).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
  expect(body).not.toContain(person.idNumber);
  expect(body).not.toContain(ticket);

  // The clerk signs in on it: the pull carries the session bound to this counter, and the ticket is there.
  await signIn(counter, 'clerk.benthanh');
  await counter.getByTestId('nav-queue').click();
  await expect(counter.getByTestId(`queue-row-${ticket}`)).toBeVisible();
  expect(pulls.length).toBeGreaterThan(0);
  expect(pulls.every((status) => status === 200)).toBe(true);
  await context.close();
});
