import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type LaunchOptions } from '@playwright/test';
import { handoffKeysResponse } from '@dangky/core/handoff';
import { routes } from '@dangky/core/protocol';
import { citizen, registerAtKiosk, type Citizen } from './kiosk.ts';
import { copyProfile, openCopyAsAttacker, searchProfileFiles } from './profile-attack.ts';
import { deviceAuth, pair, signIn, station, system, type Station } from './system.ts';

/**
 * A copied browser profile opens nothing: the kiosk's and the counter's profile folders, copied
 * while the browser runs (and the kiosk's again after it closed), hold none of a registration's
 * personal values in any file — not even the bytes of the row IndexedDB deleted after the
 * server acknowledged it — and opened in Chromium on a machine without the station's agent,
 * no key found in them opens any sealed row. Nor are the device's and the agent's pairing
 * secrets readable. The keys live with the station's hardware agent, outside the profile.
 */

const kioskStation = () => station('kiosk-hcm-ben-thanh-1');
const counterStation = () => station('counter-hcm-ben-thanh-1');
const profiles: string[] = [];

async function persistentBrowser(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dangky-profile-'));
  profiles.push(dir);
  const launchOptions = (test.info().project.use.launchOptions ?? {}) as LaunchOptions;
  const context = await chromium.launchPersistentContext(dir, {
    ...launchOptions,
    headless: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport,
  });
  return { context, dir };
}

/** The values a copy must not reveal: the citizen's, and the station's pairing secrets. */
function secretsOf(person: Citizen, s: Station): string[] {
  const encoded = new URL(s.pairLink).hash.replace(/^#pair=/, '');
  const link = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { deviceSecret: string; agentSecret?: string };
  return [
    person.idNumber,
    person.fullName,
    person.phone,
    person.phone.replace(/\s/g, ''),
    person.address,
    link.deviceSecret,
    ...(link.agentSecret ? [link.agentSecret] : []),
  ];
}

async function expectNothingReadable(copy: string, origin: string, secrets: string[]) {
  const files = await searchProfileFiles(copy, secrets);
  expect(files.files).toBeGreaterThan(10);
  expect(files.hits).toEqual([]);
  const opened = await openCopyAsAttacker(copy, origin, (test.info().project.use.launchOptions ?? {}) as LaunchOptions);
  // The copy does hold sealed rows (the pairing at least): what is asserted is that none opens.
  expect(opened.records).toBeGreaterThan(0);
  expect(opened.sealed).toBeGreaterThan(0);
  expect(opened.opened).toEqual([]);
  for (const secret of secrets) expect(opened.text).not.toContain(secret);
  return opened;
}

/** The private halves of the site keys the server delivers to this counter (base64url PKCS #8). */
async function deliveredOpeningKeys(s: Station): Promise<string[]> {
  const res = await fetch(new URL(routes.handoffKeys, system().serverUrl), { headers: { authorization: deviceAuth(s) } });
  expect(res.status).toBe(200);
  return (handoffKeysResponse.parse(await res.json()).open ?? []).map((k) => k.privateKey);
}

/** Runs in the page: whether the app's settings table has a row `key` (the counter's database). */
const storedSetting = (key: string): Promise<boolean> =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open('dangky-counter');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const get = req.result.transaction('settings').objectStore('settings').get(key);
      get.onerror = () => reject(get.error);
      get.onsuccess = () => {
        req.result.close();
        resolve(get.result !== undefined);
      };
    };
  });

test.afterAll(async () => {
  for (const dir of profiles.splice(0)) await rm(dir, { recursive: true, force: true });
});

test('a copy of the kiosk profile, taken after a registration synced, reveals nothing of it and opens no sealed row', async () => {
  const person = citizen(4_701);
  const kiosk = await persistentBrowser({ width: 1080, height: 1920 });
  const page = kiosk.context.pages()[0] ?? (await kiosk.context.newPage());
  await pair(page, kioskStation());
  await registerAtKiosk(page, person, { kind: 'signature', channel: 'token', provider: 'vnpt' });
  // Acknowledged: the outbox row is deleted and its key forgotten by the agent.
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const origin = new URL(system().kioskUrl).origin;
  const secrets = secretsOf(person, kioskStation());

  const running = await copyProfile(kiosk.dir);
  profiles.push(running);
  await expectNothingReadable(running, origin, secrets);

  await kiosk.context.close();
  const closed = await copyProfile(kiosk.dir);
  profiles.push(closed);
  await expectNothingReadable(closed, origin, secrets);
});

test('a copy of the counter profile, its queue pulled, opens none of the registrations it holds', async ({ browser }) => {
  const person = citizen(4_702);
  const kioskContext = await browser.newContext();
  const kioskPage = await kioskContext.newPage();
  await pair(kioskPage, kioskStation());
  const ticket = await registerAtKiosk(kioskPage, person, { kind: 'eid' });
  await expect(kioskPage.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await kioskContext.close();

  const counter = await persistentBrowser({ width: 1440, height: 900 });
  const page = counter.context.pages()[0] ?? (await counter.context.newPage());
  await pair(page, counterStation());
  await signIn(page, 'clerk.benthanh');
  await page.getByTestId('nav-queue').click();
  await page.getByTestId(`call-${ticket}`).click();
  // The counter holds the registration (it shows it): its row is sealed under a key the agent keeps.
  await expect(page.getByTestId('detail-name')).toHaveText(person.fullName);
  // And its site's ticket-opening keys, which would open every ticket the site's kiosks print.
  await expect.poll(() => page.evaluate(storedSetting, 'handoffOpen')).toBe(true);
  const siteKeys = await deliveredOpeningKeys(counterStation());
  expect(siteKeys.length).toBeGreaterThan(0);

  const copy = await copyProfile(counter.dir);
  profiles.push(copy);
  const opened = await expectNothingReadable(copy, new URL(system().counterUrl).origin, [
    ...secretsOf(person, counterStation()),
    ...siteKeys,
  ]);
  expect(opened.siteKeys).toBe(0);
  await counter.context.close();
});
