import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { PASSWORD_MIN_LENGTH } from '@dangky/core/admin';
import { errorRegistry } from '@dangky/core/errors';
import { routes } from '@dangky/core/protocol';
// @ts-expect-error — plain ESM script shared with `npm start`, no type declarations
import { freePort, repoRoot, startChild, waitFor } from '../../scripts/system.mjs';
import { expectAccessible, expectCounterScreen } from './axe.ts';
import { citizen, registerAtKiosk } from './kiosk.ts';
import { signIn, station, system } from './system.ts';

/**
 * A province administrator's day: sign in, open a booth for five days, enrol a kiosk there from
 * the one-time code — on a browser joined to its station's hardware agent first, since the device
 * secret is kept sealed under a key only that agent holds — a citizen registers at it, the fleet
 * page shows it reporting; the booth moved to open tomorrow turns the next citizen away on that
 * kiosk with its days, and takes them again once its days include today; then the kiosk is revoked while it still holds a registration it could
 * not send: its next sync is refused, it reports how much it held (the fleet page shows it) and
 * wipes its personal data, and its screen says so. Last, a clerk the administrator creates signs
 * in, is sent to choose a password of their own (a common one is refused), and reaches the queue.
 */
const hcmDay = (offsetDays = 0) => new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('administrator: booth → enrol a kiosk by code → register there → fleet → revoke → the kiosk says so → a new clerk chooses a password', async ({
  browser,
}) => {
  const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const admin = await adminContext.newPage();
  admin.on('dialog', (dialog) => void dialog.accept());
  // An unpaired browser: the administrator types the server's address.
  await admin.goto(system().counterUrl);
  await admin.getByTestId('login-server').fill(system().serverUrl);
  await signIn(admin, 'admin.hcm');
  await expect(admin.getByTestId('sites-table')).toBeVisible();
  await expectCounterScreen(admin, 'admin: sites');

  // A booth at the book street, from today for five days.
  const boothId = `hcm-booth-${Date.now().toString(36)}`;
  await admin.getByTestId('site-id').fill(boothId);
  await admin.getByTestId('site-name-input').fill('Gian hàng Đường sách Tết');
  await admin.getByTestId('site-kind').selectOption('event-booth');
  await admin.getByTestId('site-commune').fill('26743');
  await admin.getByTestId('site-address').fill('Đường sách Nguyễn Văn Bình');
  await admin.getByTestId('site-first-day').fill(hcmDay());
  await admin.getByTestId('site-last-day').fill(hcmDay(4));
  await admin.getByTestId('site-save').click();
  await expect(admin.getByTestId(`site-row-${boothId}`)).toContainText('Gian hàng Đường sách Tết');

  // A kiosk for it: the code's link opened in the kiosk's browser pairs it.
  await admin.getByTestId('admin-tab-devices').click();
  await admin.getByTestId('enrol-site').selectOption(boothId);
  await admin.getByTestId('enrol-kind').selectOption('kiosk');
  await admin.getByTestId('enrol-name').fill('Ki-ốt gian hàng 1');
  await admin.getByTestId('enrol-app-url').fill(system().kioskUrl);
  await admin.getByTestId('enrol-generate').click();
  const panel = admin.getByTestId('enrolment-code-panel');
  await expect(admin.getByTestId('enrolment-code')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
  await expect(panel.getByRole('img')).toBeVisible();
  await expectCounterScreen(admin, 'admin: devices, an enrolment code');
  const link = (await admin.getByTestId('enrolment-link').textContent())!.trim();
  const deviceId = (await panel.getAttribute('data-device-id'))!;

  const kioskContext = await browser.newContext();
  // Without its station's agent, the browser does not even redeem the code.
  const bare = await kioskContext.newPage();
  await bare.goto(link);
  await expect(bare.getByTestId('pairing-error')).toBeVisible();
  await bare.close();
  // The technician joins the browser to the station's agent, then the code enrols it.
  const joining = await kioskContext.newPage();
  await joining.goto(station('kiosk-hcm-book-fair-1').stationLink);
  await expect(joining).not.toHaveURL(/#station=/);
  await expect(joining.getByTestId('unpaired')).toBeVisible();
  await joining.close();
  const kiosk = await kioskContext.newPage();
  await kiosk.goto(link);
  await expect(kiosk).not.toHaveURL(/#enrol=/);
  await expect(kiosk.getByTestId('site-name')).toHaveText('Gian hàng Đường sách Tết');
  await registerAtKiosk(kiosk, citizen(901), { kind: 'eid' });
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');

  // The fleet page: the kiosk has reported (no longer "never seen").
  await admin.reload();
  await admin.getByTestId('admin-tab-devices').click();
  const row = admin.getByTestId(`fleet-row-${deviceId}`);
  await expect(row).toContainText('Ki-ốt gian hàng 1');
  await expect(row).not.toHaveAttribute('data-troubles', /never-seen/);

  await kiosk.getByTestId('done').click();

  // The booth moved to start tomorrow: its kiosk turns citizens away, saying on which days it is
  // open, and takes them again once the days include today.
  const api = async (method: 'GET' | 'POST', path: string, body?: object) => {
    const session = await admin.evaluate(() => sessionStorage.getItem('dangky.counter.session'));
    const token = (JSON.parse(session!) as { token: string }).token;
    return fetch(system().serverUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  };
  const booth = ((await (await api('GET', routes.adminSites)).json()) as { sites: { id: string }[] }).sites.find((x) => x.id === boothId)!;
  const boothDays = async (firstDay: string) =>
    expect((await api('POST', routes.adminSite.replace(':siteId', boothId), { ...booth, firstDay })).status).toBeLessThan(300);
  await boothDays(hcmDay(1));
  await kiosk.reload();
  const closed = kiosk.getByTestId('booth-closed');
  await expect(closed).toContainText(hcmDay(1).split('-').reverse().join('/'), { timeout: 30_000 });
  await expect(closed).toContainText(errorRegistry.DK_ERR_SITE_NOT_OPEN_YET.vi);
  await expect(kiosk.getByTestId('start')).toHaveCount(0);
  await expectAccessible(kiosk, 'kiosk: booth closed today');
  await boothDays(hcmDay());
  await kiosk.reload();
  await expect(kiosk.getByTestId('start')).toBeEnabled({ timeout: 30_000 });

  // Offline, a second citizen registers; meanwhile the administrator revokes the kiosk.
  // The uplink is cut, not the station's own agent on 127.0.0.1 (it keeps the sealed rows' keys).
  const server = new URL(system().serverUrl).origin;
  const toServer = (url: URL) => url.origin === server;
  await kioskContext.route(toServer, (route) => route.abort('internetdisconnected'));
  await registerAtKiosk(kiosk, citizen(902), { kind: 'eid' });
  await expect(kiosk.getByTestId('sync-indicator')).toHaveAttribute('data-pending', /^[1-9]/);
  await kiosk.getByTestId('done').click();
  await admin.getByTestId(`revoke-${deviceId}`).click();
  await expect(row).toHaveAttribute('data-troubles', /revoked/);

  await kioskContext.unroute(toServer);
  await kiosk.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(kiosk.getByTestId('device-revoked')).toBeVisible({ timeout: 30_000 });
  await expect(kiosk.getByTestId('revoked-kept')).toContainText(/[1-9]/);
  await expect(kiosk.getByTestId('start')).toHaveCount(0);
  // Wiped: after the reload it is unpaired, and its outbox holds nothing.
  await expect(kiosk.getByTestId('site-name')).toHaveCount(0);
  // The wipe reloads the page: a count taken while it reloads is taken again.
  const outboxRows = () =>
    kiosk
      .evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('dangky-kiosk');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const count = open.result.transaction('outbox').objectStore('outbox').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      )
      .catch(() => -1);
  await expect.poll(outboxRows, { timeout: 30_000 }).toBe(0);
  // What it held was reported before the wipe: the fleet page shows it.
  await admin.reload();
  await admin.getByTestId('admin-tab-devices').click();
  await expect(row.locator('td').nth(3)).toHaveText(/^[1-9]/);

  // The audit log names the administrator for each change.
  await admin.getByTestId('admin-tab-audit').click();
  await admin.getByTestId('audit-actor').fill('admin.hcm');
  await admin.getByRole('button', { name: /Tìm|Search/ }).click();
  for (const action of ['site.created', 'device.enrolment-created', 'device.revoked']) {
    await expect(admin.locator(`[data-testid="audit-row"][data-action="${action}"]`).first()).toBeVisible();
  }
  await expectCounterScreen(admin, 'admin: audit');
  // The administrator's other pages, as they first open.
  for (const tab of ['staff', 'providers', 'stock']) {
    await admin.getByTestId(`admin-tab-${tab}`).click();
    await expect(admin.getByTestId(`admin-tab-${tab}`)).toHaveAttribute('aria-current', 'page');
    await expectCounterScreen(admin, `admin: ${tab}`);
  }

  // A clerk made on the staff page chooses a password of their own at the first sign-in, then works.
  const clerkId = `clerk.${Date.now().toString(36)}`;
  await admin.getByTestId('admin-tab-staff').click();
  await admin.getByTestId('staff-username').fill(clerkId);
  await admin.getByTestId('staff-display-name').fill('Lý Thị Mới');
  await admin.getByTestId('staff-role').selectOption('clerk');
  await admin.getByTestId('staff-sites').fill('hcm-ben-thanh');
  await admin.getByTestId('staff-password').fill('Tam-thoi-cho-Moi-1');
  await admin.getByTestId('staff-save').click();
  await expect(admin.getByTestId(`staff-row-${clerkId}`)).toBeVisible();
  const clerkContext = await browser.newContext();
  const clerk = await clerkContext.newPage();
  await clerk.goto(system().counterUrl);
  await clerk.getByTestId('login-server').fill(system().serverUrl);
  await clerk.getByTestId('login-username').fill(clerkId);
  await clerk.getByTestId('login-password').fill('Tam-thoi-cho-Moi-1');
  await clerk.getByTestId('login-submit').click();
  await expect(clerk).toHaveURL(/\/password$/);
  await expect(clerk.getByTestId('password-rules')).toContainText(String(PASSWORD_MIN_LENGTH));
  await expect(clerk.getByTestId('nav-queue')).toHaveCount(0);
  await expectCounterScreen(clerk, 'change password, first sign-in');
  await clerk.getByTestId('password-current').fill('Tam-thoi-cho-Moi-1');
  await clerk.getByTestId('password-new').fill('Matkhau@123456');
  await clerk.getByTestId('password-repeat').fill('Matkhau@123456');
  await clerk.getByTestId('password-submit').click();
  await expect(clerk.getByTestId('error-summary')).toBeFocused();
  await expect(clerk.getByTestId('error-link-password-new')).toHaveText(errorRegistry.DK_ERR_PASSWORD_COMMON.vi);
  await expect(clerk.getByTestId('password-new')).toHaveAttribute('aria-invalid', 'true');
  await expectCounterScreen(clerk, 'change password, refused');
  await clerk.getByTestId('password-new').fill('hoa sen nở giữa hồ');
  await clerk.getByTestId('password-repeat').fill('hoa sen nở giữa hồ');
  await clerk.getByTestId('password-submit').click();
  await expect(clerk).toHaveURL(/\/queue$/);
  await expect(clerk.getByTestId('needs-pairing')).toBeVisible();
  await clerkContext.close();
  await kioskContext.close();
  await adminContext.close();
});

/**
 * A province's first day with no demo: an operator starts the server on an empty folder as in
 * production (no DEMO_SEED), creates the first administrator with the command line, and that
 * administrator signs in to the counter-app and opens the province's first site, with its week
 * (a lunch break on working days, Saturday mornings). The demo's
 * remote-signing simulator is not there: nobody can confirm a citizen's phone step themselves.
 */
test('first start without the demo: admin bootstrap → sign in → first site; no remote-signing simulator', async ({ page }) => {
  // Two cold starts of the server's code (the command line, then the server) and a new database before any page.
  test.setTimeout(240_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'dangky-first-start-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_SEED: '' };
  const passwordFile = join(dataDir, 'first-admin-password');
  await writeFile(passwordFile, 'Ủy-ban-phường-Sài-Gòn-2026\n', { mode: 0o600 });
  // Before the server starts: an embedded database has one process at a time.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      'sync-server/bin/dangky-server.js',
      'admin',
      'bootstrap',
      '--username',
      'quantri.hcm',
      '--password-file',
      passwordFile,
      '--province',
      '79',
    ],
    { cwd: repoRoot, env: { ...process.env, ...env } },
  );
  expect(stdout).toContain('province 79');

  const port = await freePort();
  const server = startChild('first-start server', ['--import', 'tsx', 'sync-server/src/main.ts'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', CORS_ORIGINS: system().counterUrl },
    log: () => {},
  });
  try {
    const serverUrl = `http://127.0.0.1:${port}`;
    await waitFor(async () => server.listeningOn() === port, { what: 'first-start server', child: server, timeoutMs: 120_000 });

    const confirm = routes.remoteActivationConfirm.replace(':activationId', 'act-00000000');
    expect((await fetch(serverUrl + confirm, { method: 'POST', headers: { authorization: 'Bearer x' } })).status).toBe(404);
    // No demo account exists: the demo's administrator, with the demo's password, is refused.
    const demoAdmin = system().staff.find((s) => s.username === 'admin.hcm')!;
    const demoSignIn = await fetch(serverUrl + routes.login, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: demoAdmin.username, password: demoAdmin.password }),
    });
    expect(demoSignIn.status).toBe(401);

    await page.goto(system().counterUrl);
    await page.getByTestId('login-server').fill(serverUrl);
    await page.getByTestId('login-username').fill('quantri.hcm');
    await page.getByTestId('login-password').fill('Ủy-ban-phường-Sài-Gòn-2026');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('sites-table')).toBeVisible();
    await page.getByTestId('site-id').fill('hcm-ben-thanh');
    await page.getByTestId('site-name-input').fill('UBND phường Bến Thành');
    await page.getByTestId('site-kind').selectOption('office');
    await page.getByTestId('site-commune').fill('26743');
    await page.getByTestId('site-address').fill('92 Nguyễn Trãi');
    // Its week: a lunch break from Monday to Friday, and Saturday mornings.
    await page.getByTestId('site-lunchFrom-mon').fill('11:30');
    await page.getByTestId('site-lunchTo-mon').fill('13:30');
    await page.getByTestId('site-copy-monday').click();
    await page.getByTestId('site-open-sat').check();
    await page.getByTestId('site-closes-sat').fill('11:30');
    await expectCounterScreen(page, 'admin: sites, an office’s week');
    await page.getByTestId('site-save').click();
    await expect(page.getByTestId('site-row-hcm-ben-thanh')).toContainText('UBND phường Bến Thành');
    await expect(page.getByTestId('site-hours-hcm-ben-thanh')).toHaveText('T2–T6 07:30–11:30, 13:30–17:00 · T7 07:30–11:30 · CN nghỉ');
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
