import { expect, test, type Browser, type Page } from '@playwright/test';
import { enrolmentCode, enrolmentHash, loginResponse, routePath, routes } from '@dangky/core/protocol';
import { deskServices } from '@dangky/core/queue';
import { expectAccessible, expectCounterScreen } from './axe.ts';
import { citizen, registerAtKiosk, registerInNewKiosk } from './kiosk.ts';
import { callAtCounter, pair, signIn, station, system } from './system.ts';

/**
 * The waiting room's call display: a TV enrolled as a display of the ward office, no one signed
 * in. A citizen registers at the kiosk in English; the clerk calls the ticket; the display shows
 * "→ Quầy 1" within a few seconds and plays the chime and the announcement from the voice built
 * with the app — in Vietnamese, then in English. The clerk marks the citizen not here and calls
 * again: the display announces the ticket again.
 */
interface Announced {
  eventId: string;
  ticketNumber: string;
  segments: string[];
  status: string;
}

// Each journey here drives four or five pages at once (kiosk, one or two counters, the display,
// an administrator): on a loaded 2-core runner one took longer than the suite's 90 s default.
test.describe.configure({ timeout: 180_000 });

const announced = async (display: Page, ticket: string): Promise<Announced[]> =>
  (JSON.parse((await display.getByTestId('call-display').getAttribute('data-announced')) ?? '[]') as Announced[]).filter(
    (a) => a.ticketNumber === ticket,
  );

test('a call is shown and announced on the waiting room display, and a recall again', async ({ browser }) => {
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const display = await displayContext.newPage();
  const voice: string[] = [];
  display.on('request', (r) => {
    if (r.url().includes('/voice/')) voice.push(new URL(r.url()).pathname);
  });
  await pair(display, station('display-hcm-ben-thanh-1'));
  await expect(display.getByRole('heading', { level: 1 })).toContainText('Mời số');
  // A touch once lets this browser play sound (a TV's browser is started with autoplay allowed).
  await display.getByTestId('sound-on').click();
  await expect(display.getByTestId('sound-on')).toHaveCount(0);

  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, station('kiosk-hcm-ben-thanh-1'));
  await kiosk.getByTestId('language').click();
  const ticket = await registerAtKiosk(kiosk, citizen(9901), { kind: 'eid' });
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await kioskContext.close();
  // The e-ID desk's line says about how long a ticket taken now would wait — or, before any
  // counter has called today, that none serves it.
  await expect(display.getByTestId('wait-eid-level2')).toHaveText(
    /^(khoảng \d+–\d+ phút about \d+–\d+ minutes|Chưa có quầy phục vụ No counter serving now)$/,
  );

  const { page: counter, context: counterContext } = await callAtCounter(
    browser,
    station('counter-hcm-ben-thanh-1'),
    'clerk.benthanh',
    ticket,
  );
  await expect(counter.getByTestId('called-notice')).toContainText(ticket);

  const serving = display.getByTestId(`serving-${ticket}`);
  await expect(serving).toHaveText(new RegExp(`^${ticket}\\s*→\\s*đến\\s*Quầy 1$`));
  await expect(serving.getByTestId('serving-counter')).toHaveText('Quầy 1');
  await expect.poll(async () => (await announced(display, ticket)).map((a) => a.status)).toEqual(['ended']);
  const [first] = await announced(display, ticket);
  const letter = ticket[0]!.toLowerCase();
  // The chime, "Mời số A … đến quầy số một", a pause, then "Number A … please go to counter one".
  expect(first!.segments.slice(0, 3)).toEqual(['chime', 'vi-call', `vi-letter-${letter}`]);
  expect(first!.segments).toEqual(expect.arrayContaining(['vi-to-counter', 'pause', 'en-call', 'en-to-counter']));
  expect(first!.segments.slice(-1)).toEqual(['en-one']);
  await expect(display.getByTestId('announcement-text')).toContainText('đến quầy số một');
  await expect(display.getByTestId('announcement-text')).toContainText('please go to counter one');
  // The voice came with the app, from the display's own origin — no voice service.
  expect(voice).toEqual(expect.arrayContaining(['/voice/voice.json', '/voice/voice.wav']));
  await expect(display.getByTestId('recent-calls')).toContainText(ticket);
  await expectAccessible(display, 'call display: a ticket called');

  // Not here, then called again: announced again, a new call.
  await counter.getByTestId('citizen-absent').click();
  await counter.getByTestId(`no-show-recall-${ticket}`).click();
  await expect(counter.getByTestId('called-notice')).toContainText(ticket);
  await expect.poll(async () => (await announced(display, ticket)).map((a) => a.status)).toEqual(['ended', 'ended']);
  const [, again] = await announced(display, ticket);
  expect(again!.eventId).not.toBe(first!.eventId);
  expect(again!.segments).toEqual(first!.segments);
  await expect(display.getByTestId('recent-calls')).toContainText('gọi lại');
  await counterContext.close();
  await displayContext.close();
});

/**
 * The central server out of reach (for the display and the counter both): the clerk's call still
 * reaches the waiting room — the counter's agent posts it to the display's agent over the site
 * network, signed with the site's board key — and is announced; the clerk's break and its end
 * reach it the same way (the counter listed on a break, its call no longer shown as served); once
 * the server is back, the counter delivers what it recorded and the display reads the server's
 * board again, by themselves, without announcing the call twice.
 */
test('with the server out of reach, a call and a break reach the display through the site network, and all recovers by itself', async ({
  browser,
}) => {
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), citizen(9902), { kind: 'eid' });
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const display = await displayContext.newPage();
  await pair(display, station('display-hcm-ben-thanh-1'));
  await display.getByTestId('sound-on').click();
  await expect(display.getByTestId('sound-on')).toHaveCount(0);

  const counterContext = await browser.newContext({ viewport: { width: 1440, height: 1400 } });
  const counter = await counterContext.newPage();
  await pair(counter, station('counter-hcm-ben-thanh-1'));
  await signIn(counter, 'clerk.benthanh');
  await counter.getByTestId('nav-queue').click();
  await expect(counter.getByTestId(`call-${ticket}`)).toBeVisible();

  // The uplink goes down: nothing reaches the server from either browser (the agents are local).
  const server = `${system().serverUrl}/**`;
  await displayContext.route(server, (route) => route.abort('internetdisconnected'));
  await counterContext.route(server, (route) => route.abort('internetdisconnected'));
  await expect(display.getByTestId('display-offline')).toBeVisible({ timeout: 30_000 });

  await counter.getByTestId(`call-${ticket}`).click();
  await expect(counter.getByTestId('called-notice')).toContainText(ticket);
  await expect(display.getByTestId(`serving-${ticket}`)).toContainText('→');
  await expect.poll(async () => (await announced(display, ticket)).map((a) => a.status)).toEqual(['ended']);
  await expect(counter.getByTestId('sync-indicator')).not.toHaveAttribute('data-pending', '0');
  await expectAccessible(display, 'call display: the server out of reach');

  // The citizen does not come; the clerk takes a break: the display lists the counter on a break,
  // and no longer sends anyone there — still without the server.
  await counter.getByTestId('citizen-absent').click();
  await expect(counter.getByTestId(`no-show-recall-${ticket}`)).toBeEnabled();
  await counter.getByTestId('counter-pause-button').click();
  await expect(counter.getByTestId('counter-paused')).toBeVisible();
  const paused = display.getByTestId('paused-counter-hcm-ben-thanh-1');
  await expect(paused).toBeVisible({ timeout: 10_000 });
  await expect(display.getByTestId(`serving-${ticket}`)).toHaveCount(0);
  await expect(display.getByTestId('display-offline')).toBeVisible();
  await expectAccessible(display, 'call display: a counter on a break, the server out of reach');
  // The break ends: off the list, and the citizen who did not come is not shown as served there again.
  await counter.getByTestId('counter-resume').click();
  await expect(counter.getByTestId('counter-paused')).toHaveCount(0);
  await expect(paused).toHaveCount(0, { timeout: 10_000 });
  await expect(display.getByTestId(`serving-${ticket}`)).toHaveCount(0);

  // The uplink is back: the counter delivers its call, its break and the no-show, the display reads
  // the server's board again — which agrees.
  await displayContext.unroute(server);
  await counterContext.unroute(server);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
  await expect(display.getByTestId('display-offline')).toHaveCount(0, { timeout: 60_000 });
  await expect(display.getByTestId('recent-calls')).toContainText(ticket);
  await expect(display.getByTestId(`serving-${ticket}`)).toHaveCount(0);
  await expect(paused).toHaveCount(0);
  expect((await announced(display, ticket)).length).toBe(1);
  await counterContext.close();
  await displayContext.close();
});

/** The province administrator's API, as the admin pages call it. */
async function adminApi(): Promise<(method: 'GET' | 'POST', path: string, body?: object) => Promise<Response>> {
  const account = system().staff.find((x) => x.username === 'admin.hcm')!;
  const login = await fetch(new URL(routes.login, system().serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  expect(login.status).toBe(200);
  const { token } = loginResponse.parse(await login.json());
  return (method, path, body) =>
    fetch(new URL(path, system().serverUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
}

/** The ward office's counter is "Quầy 1", serving every desk (set again by each journey that needs it). */
async function numberCounter(api: Awaited<ReturnType<typeof adminApi>>, deviceId: string, number: number): Promise<void> {
  const res = await api('POST', routePath(routes.adminDeviceCounter, { deviceId }), { counter: { number, services: [...deskServices] } });
  expect(res.status).toBeLessThan(300);
}

/** A second counter of the ward office, enrolled by code through the first counter's station agent: "Quầy 2". */
async function secondCounter(browser: Browser, api: Awaited<ReturnType<typeof adminApi>>): Promise<{ page: Page; deviceId: string }> {
  const made = await api('POST', routes.adminEnrolments, { siteId: 'hcm-ben-thanh', kind: 'counter', name: 'Quầy 2' });
  expect(made.status).toBe(201);
  const code = enrolmentCode.parse(await made.json());
  const context = await browser.newContext({ viewport: { width: 1440, height: 1400 } });
  const joining = await context.newPage();
  await joining.goto(station('counter-hcm-ben-thanh-1').stationLink);
  await expect(joining).not.toHaveURL(/#station=/);
  // The join is kept once the agent has sealed it (the page's settings hold the station).
  await expect
    .poll(() =>
      joining.evaluate(
        () =>
          new Promise<boolean>((done) => {
            const open = indexedDB.open('dangky-counter');
            open.onerror = () => done(false);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('settings')) return done(false);
              const get = db.transaction('settings').objectStore('settings').get('station');
              get.onsuccess = () => done(get.result !== undefined);
              get.onerror = () => done(false);
            };
          }),
      ),
    )
    .toBe(true);
  await joining.close();
  const page = await context.newPage();
  await page.goto(`${system().counterUrl}/${enrolmentHash({ server: system().serverUrl, code: code.code })}`);
  await expect(page).not.toHaveURL(/#enrol=/);
  await expect(page.getByTestId('site-name')).toBeVisible({ timeout: 20_000 });
  await numberCounter(api, code.deviceId, 2);
  // Opened again, it reads its number with the reference data.
  await page.reload();
  await expect(page.getByTestId('site-name')).toBeVisible({ timeout: 20_000 });
  return { page, deviceId: code.deviceId };
}

/** The called citizen is served: an e-ID level-2 application handed to the officer. */
async function handOver(counter: Page): Promise<void> {
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('outcome-eid-handed-over').click();
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await counter.getByTestId('finish').click();
}

/**
 * A transfer: the clerk at Quầy 1 sends the called citizen to Quầy 2 with a note; the ticket waits
 * in the queue "for Quầy 2", Quầy 1 can no longer call it, and Quầy 2 calls it — the display sends
 * the citizen there.
 */
test('a ticket transferred to Quầy 2 waits for it, and Quầy 2 calls it', async ({ browser }) => {
  const api = await adminApi();
  await numberCounter(api, 'counter-hcm-ben-thanh-1', 1);
  const ticket = await registerInNewKiosk(browser, station('kiosk-hcm-ben-thanh-1'), citizen(9903), { kind: 'eid' });
  const two = await secondCounter(browser, api);
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const display = await displayContext.newPage();
  await pair(display, station('display-hcm-ben-thanh-1'));

  const { page: one, context: oneContext } = await callAtCounter(browser, station('counter-hcm-ben-thanh-1'), 'clerk.benthanh', ticket);
  await expect(one.getByTestId('called-notice')).toContainText(ticket);
  await expect(display.getByTestId(`serving-${ticket}`).getByTestId('serving-counter')).toHaveText('Quầy 1');
  await one.getByTestId('move-to-counter').check();
  await one.getByTestId('move-counter').selectOption(two.deviceId);
  await one.getByTestId('move-note').fill('Thiếu bản sao CCCD');
  await expectCounterScreen(one, 'counter: transfer to another counter');
  await one.getByTestId('move-transfer').click();
  await expect(one.getByTestId('called-notice')).toHaveCount(0);
  await expect(one.getByTestId(`queue-row-${ticket}`)).toHaveAttribute('data-status', 'waiting');
  await expect(one.getByTestId(`hold-${ticket}`)).toHaveText('Chuyển đến quầy 2 — Thiếu bản sao CCCD');
  // Only Quầy 2 calls it now.
  await one.getByTestId(`call-${ticket}`).click();
  await expect(one.getByTestId('call-error')).toHaveText('Số này đã được chuyển cho quầy khác.');
  await expect(one.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');

  await signIn(two.page, 'manager.benthanh');
  await two.page.getByTestId('nav-queue').click();
  await expect(two.page.getByTestId(`hold-${ticket}`)).toHaveText('Chuyển đến quầy 2 — Thiếu bản sao CCCD', { timeout: 30_000 });
  await two.page.getByTestId(`call-${ticket}`).click();
  await expect(two.page.getByTestId('called-notice')).toContainText(ticket);
  await expect(display.getByTestId(`serving-${ticket}`).getByTestId('serving-counter')).toHaveText('Quầy 2');
  await handOver(two.page);
  await expect(two.page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await two.page.context().close();
  await oneContext.close();
  await displayContext.close();
});

/**
 * A break: the clerk cannot take one while a citizen is called at the counter (the error summary
 * says why); once nobody is served, "Tạm nghỉ" turns calling off — call next, by hand, recall —
 * and says "Quầy 1 đang tạm nghỉ", across a reload too; the call display lists the counter on a
 * break, the audit log holds the clerk's pause; "Tiếp tục phục vụ" brings calling back.
 */
test('a counter on a break calls nobody and the display says it is on a break', async ({ browser }) => {
  const api = await adminApi();
  await numberCounter(api, 'counter-hcm-ben-thanh-1', 1);
  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, station('kiosk-hcm-ben-thanh-1'));
  const first = await registerAtKiosk(kiosk, citizen(9904), { kind: 'eid' });
  await kiosk.getByTestId('done').click();
  const second = await registerAtKiosk(kiosk, citizen(9905), { kind: 'eid' });
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await kioskContext.close();
  const displayContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const display = await displayContext.newPage();
  await pair(display, station('display-hcm-ben-thanh-1'));

  const { page: counter, context } = await callAtCounter(browser, station('counter-hcm-ben-thanh-1'), 'clerk.benthanh', first);
  await expect(counter.getByTestId('called-notice')).toContainText(first);
  await counter.getByTestId('counter-pause-button').click();
  await expect(counter.getByTestId('error-summary')).toContainText('Chỉ tạm nghỉ được khi quầy không phục vụ công dân nào');
  await expect(counter.getByTestId('counter-paused')).toHaveCount(0);
  await expectCounterScreen(counter, 'counter: a break refused while a citizen is called');

  await counter.getByTestId('citizen-absent').click();
  await expect(counter.getByTestId(`no-show-recall-${first}`)).toBeEnabled();
  await counter.getByTestId('counter-pause-button').click();
  await expect(counter.getByTestId('counter-paused')).toHaveText('Quầy 1 đang tạm nghỉ');
  await expect(counter.getByTestId('call-next')).toBeDisabled();
  await expect(counter.getByTestId(`call-${second}`)).toBeDisabled();
  await expect(counter.getByTestId(`no-show-recall-${first}`)).toBeDisabled();
  await expectCounterScreen(counter, 'counter: on a break');
  await counter.reload();
  await expect(counter.getByTestId('counter-paused')).toHaveText('Quầy 1 đang tạm nghỉ');
  await expect(counter.getByTestId('call-next')).toBeDisabled();

  const paused = display.getByTestId('paused-counter-hcm-ben-thanh-1');
  await expect(paused).toContainText('Quầy 1', { timeout: 30_000 });
  await expect(display.getByTestId(`serving-${first}`)).toHaveCount(0);
  await expectAccessible(display, 'call display: a counter on a break');
  const audit = await api('GET', `${routes.adminAudit}?action=counter.paused`);
  expect(JSON.stringify(await audit.json())).toContain('clerk.benthanh');

  await counter.getByTestId('counter-resume').click();
  await expect(counter.getByTestId('counter-paused')).toHaveCount(0);
  await expect(paused).toHaveCount(0, { timeout: 30_000 });
  await counter.getByTestId(`call-${second}`).click();
  await expect(counter.getByTestId('called-notice')).toContainText(second);
  await expect(display.getByTestId(`serving-${second}`)).toContainText('Quầy 1');
  await handOver(counter);
  await counter.getByTestId(`no-show-recall-${first}`).click();
  await handOver(counter);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();
  await displayContext.close();
});
