import { appendFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { handoffKeysResponse, sealRegistration } from '@dangky/core/handoff';
import { routes } from '@dangky/core/protocol';
import { typicalHandoff } from '@dangky/core/testing';
import { citizen, registerAtKiosk } from './kiosk.ts';
import { deviceAuth, pair, printedTickets, serverRegistrations, signIn, station, system, tokenSim, setCaFaults } from './system.ts';

/**
 * A book-fair booth whose uplink is down: neither the kiosk nor the counter reaches the
 * sync-server, each still reaches its own hardware agent on the station (which keeps the row
 * keys, drives the printer and the token, and runs the providers' CAs). The kiosk registers two
 * citizens and prints their tickets; the clerk scans each ticket's QR — the registration sealed
 * to the site's key — and serves from it: an e-ID level-2 hand-off and a token issued. When the
 * uplink comes back the counter's outcomes reach the server before the kiosk's submissions (the
 * server holds them), then the kiosk's, and the server holds each registration once, with its
 * outcome. Another site's ticket and an altered one are refused in Vietnamese.
 */
const kioskStation = station('kiosk-hcm-book-fair-1');
const counterStation = station('counter-hcm-book-fair-1');
const PIN = '61830274';

type Held = {
  registrationId: string;
  status: string;
  outcome: string | null;
  tokenSerial: string | null;
  draft: { ticket: { number: string }; identity: { idNumber: string } };
};

/** Cuts a browser context from the sync-server only: the station's agent (127.0.0.1, another port) stays reachable. */
async function cutFromServer(context: BrowserContext): Promise<() => Promise<void>> {
  const server = new URL(system().serverUrl).origin;
  const toServer = (url: URL) => url.origin === server;
  await context.route(toServer, (route) => route.abort('internetdisconnected'));
  return () => context.unroute(toServer);
}

/** Whether the counter's profile holds its site's ticket-opening keys (fetched with the reference once enrolled; sealed). */
const holdsOpeningKeys = (page: Page): Promise<boolean> =>
  page.evaluate(
    () =>
      new Promise<boolean>((resolve, reject) => {
        const req = indexedDB.open('dangky-counter');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('settings').objectStore('settings').get('handoffOpen');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            req.result.close();
            resolve(get.result !== undefined);
          };
        };
      }),
  );

/** The QR payload the station's printer received on the ticket numbered `ticket`. */
async function printedQr(ticket: string): Promise<string> {
  await expect.poll(async () => (await printedTickets(kioskStation)).some((t) => t.lines.includes(ticket))).toBe(true);
  const printed = (await printedTickets(kioskStation)).findLast((t) => t.lines.includes(ticket))!;
  expect(printed.qrPayload).toMatch(/^DK:/);
  return printed.qrPayload!;
}

/** A keyboard-wedge scanner types the code into the scan field and ends with Enter. */
async function scan(counter: Page, payload: string): Promise<void> {
  await counter.getByTestId('ticket-scan-input').fill(payload);
  await counter.getByTestId('ticket-scan-input').press('Enter');
}

test.beforeEach(async () => {
  // A blank token in the counter's reader and every CA up (the book-fair token store is shared with token-faults).
  await setCaFaults(counterStation, {});
  await tokenSim(counterStation, { cmd: 'insert' });
  await tokenSim(counterStation, { cmd: 'stock' });
});

test('booth offline: the clerk serves from the printed tickets with no server; reconnected, the server holds each registration once with its outcome', async ({
  browser,
}) => {
  // Both stations were enrolled, and the clerk signed in, while the uplink was up.
  const kioskContext = await browser.newContext();
  const kiosk = await kioskContext.newPage();
  await pair(kiosk, kioskStation);
  const counterContext = await browser.newContext({ viewport: { width: 1440, height: 1400 } });
  const counter = await counterContext.newPage();
  await pair(counter, counterStation);
  await signIn(counter, 'clerk.hoisach');
  await counter.getByTestId('nav-queue').click();
  await expect.poll(() => holdsOpeningKeys(counter)).toBe(true);

  // The uplink goes down.
  const reconnectKiosk = await cutFromServer(kioskContext);
  const reconnectCounter = await cutFromServer(counterContext);

  const eidCitizen = { ...citizen(8801), fullName: 'Phạm Minh Khôi' };
  const tokenCitizen = { ...citizen(8802), fullName: 'Đỗ Thị Ngọc Hân' };
  const eidTicket = await registerAtKiosk(kiosk, eidCitizen, { kind: 'eid' });
  await expect(kiosk.getByTestId('print-status')).toHaveAttribute('data-state', 'printed');
  await kiosk.getByTestId('done').click();
  const tokenTicket = await registerAtKiosk(kiosk, tokenCitizen, { kind: 'signature', channel: 'token', provider: 'vnpt' });
  await expect(kiosk.getByTestId('print-status')).toHaveAttribute('data-state', 'printed');
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '2');
  const eidQr = await printedQr(eidTicket);
  const tokenQr = await printedQr(tokenTicket);

  // The counter learns of registrations through the server only: neither ticket is in its queue.
  await expect(counter.getByTestId(`queue-row-${eidTicket}`)).toHaveCount(0);

  // An altered ticket, and one sealed for another site (Bến Thành's key), are refused in Vietnamese.
  const middle = Math.floor(eidQr.length / 2);
  await scan(counter, `${eidQr.slice(0, middle)}${eidQr[middle] === 'A' ? 'B' : 'A'}${eidQr.slice(middle + 1)}`);
  await expect(counter.getByTestId('ticket-scan-error')).toHaveAttribute('data-code', 'DK_ERR_HANDOFF_TAMPERED');
  await expect(counter.getByTestId('ticket-scan-error')).toContainText('đã bị thay đổi hoặc hư hỏng');
  await scan(counter, await sealedForBenThanh());
  await expect(counter.getByTestId('ticket-scan-error')).toHaveAttribute('data-code', 'DK_ERR_HANDOFF_OTHER_SITE');
  await expect(counter.getByTestId('ticket-scan-error')).toContainText('điểm đăng ký khác');
  await expect(counter.getByTestId('detail-name')).toHaveCount(0);

  // The e-ID ticket: read by the serial scanner on the counter's agent (a line on its port), the
  // citizen called and handed over to the police.
  await appendFile(counterStation.qrScanner!, `${eidQr}\r\n`, 'utf8');
  await expect(counter.getByTestId('detail-name')).toHaveText(eidCitizen.fullName);
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('outcome-eid-handed-over').click();
  await counter.getByTestId('outcome-confirm').click();
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await counter.getByTestId('finish').click();

  // The token ticket: scanned, papers checked, PIN on the keypad, issued by the agent with its CA.
  await scan(counter, tokenQr);
  await expect(counter.getByTestId('detail-name')).toHaveText(tokenCitizen.fullName);
  await counter.getByTestId('citizen-arrived').click();
  await counter.getByTestId('identity-documents-checked').click();
  await expect(counter.getByTestId('token-panel')).toHaveAttribute('data-state', 'present');
  const tokenSerial = (await counter.getByTestId('token-serial-shown').textContent())!.trim();
  await counter.getByTestId('pin-begin').click();
  for (const round of ['first', 'confirm']) {
    await expect(counter.getByTestId('pin-keypad')).toHaveAttribute('data-stage', round);
    for (const d of PIN) await counter.getByTestId(`pin-key-${d}`).click();
    await counter.getByTestId('pin-submit').click();
  }
  await expect(counter.getByTestId('token-receipt')).toBeVisible({ timeout: 30_000 });
  await expect(counter.getByTestId('receipt-holder')).toHaveText(tokenCitizen.fullName);
  await expect(counter.getByTestId('outcome-done')).toBeVisible();
  await counter.getByTestId('finish').click();
  await expect(counter.getByTestId('sync-indicator')).not.toHaveAttribute('data-pending', '0');

  // Nothing reached the server yet.
  const ours = (all: Held[], ticket: string) => all.filter((r) => r.draft.ticket.number === ticket);
  let held = await serverRegistrations<Held>(counterStation);
  expect(ours(held, eidTicket)).toHaveLength(0);
  expect(ours(held, tokenTicket)).toHaveLength(0);

  // The counter's link comes back first: its outcomes are taken and held, with no registration yet.
  await reconnectCounter();
  await expect(counter.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  held = await serverRegistrations<Held>(counterStation);
  expect(ours(held, eidTicket)).toHaveLength(0);
  expect(ours(held, tokenTicket)).toHaveLength(0);

  // Then the kiosk's: each submission meets the outcomes held for it.
  await reconnectKiosk();
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  held = await serverRegistrations<Held>(counterStation);
  const eid = ours(held, eidTicket);
  const token = ours(held, tokenTicket);
  expect(eid).toHaveLength(1);
  expect(token).toHaveLength(1);
  expect(eid[0]).toMatchObject({
    status: 'completed',
    outcome: 'eid-level2-handed-over',
    draft: { identity: { idNumber: eidCitizen.idNumber } },
  });
  expect(token[0]).toMatchObject({ status: 'completed', tokenSerial, draft: { identity: { idNumber: tokenCitizen.idNumber } } });
  await kioskContext.close();
  await counterContext.close();
});

/** A ticket as Bến Thành's kiosk seals it: with that site's key, which the book-fair counter does not hold. */
async function sealedForBenThanh(): Promise<string> {
  const res = await fetch(new URL(routes.handoffKeys, system().serverUrl), {
    headers: { authorization: deviceAuth(station('kiosk-hcm-ben-thanh-1')) },
  });
  expect(res.status).toBe(200);
  const { seal } = handoffKeysResponse.parse(await res.json());
  return sealRegistration(typicalHandoff, seal);
}
