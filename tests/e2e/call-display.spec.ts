import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe.ts';
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
 * network, signed with the site's board key — and is announced; once the server is back, the
 * counter delivers its call and the display reads the server's board again, by themselves, without
 * announcing the call twice.
 */
test('with the server out of reach, a call reaches the display through the site network, and all recovers by itself', async ({
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

  // The uplink is back: the counter delivers its call, the display reads the server's board again.
  await displayContext.unroute(server);
  await counterContext.unroute(server);
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
  await expect(display.getByTestId('display-offline')).toHaveCount(0, { timeout: 60_000 });
  await expect(display.getByTestId(`serving-${ticket}`)).toContainText('→');
  expect((await announced(display, ticket)).length).toBe(1);
  await counterContext.close();
  await displayContext.close();
});
