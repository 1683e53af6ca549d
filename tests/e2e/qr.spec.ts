import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { renderQrFrame, toY4m } from '../bench/qr-frame.ts';
import { citizen, finishFromIdentity, registerAtKiosk, registeredIdentity } from './kiosk.ts';
import { pair, signIn, station, system } from './system.ts';

/**
 * The card's QR under the kiosk's scanner: the station's simulated scanner scans whatever line is
 * written to its stable path (Station.qrScanner), as a serial scanner sends a code. Both card
 * generations (BRIEF §1.2): the chip CCCD has 7 fields, the newer "Căn cước" card 11. Synthetic
 * people only. The last journey shows the card to the kiosk camera instead: Chromium's fake
 * camera plays a synthetic card front (tests/bench/qr-frame.ts) and the kiosk decodes it with
 * its own bundled zxing wasm. The counter shows staff where each field came from and which checks
 * held ("Nguồn dữ liệu và kiểm tra").
 */

const kiosk = station('kiosk-hcm-ben-thanh-1');
const counter = station('counter-hcm-ben-thanh-1');

const cards = [
  {
    generation: 'CCCD (7 fields)',
    payload: '079190012301||Phạm Thị Thu Hà|07031990|Nữ|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|20042021',
    expected: {
      idNumber: '079190012301',
      fullName: 'Phạm Thị Thu Hà',
      day: '07',
      month: '03',
      year: '1990',
      sex: 'F',
      address: '12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh',
    },
  },
  {
    // Scanners may send NFD; the parser normalises to NFC.
    generation: 'Căn cước (11 fields, NFD text)',
    payload: '001085012302|123456789|Đỗ Văn Bình|15051985|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|01072024||||'.normalize('NFD'),
    expected: {
      idNumber: '001085012302',
      fullName: 'Đỗ Văn Bình',
      day: '15',
      month: '05',
      year: '1985',
      sex: 'M',
      address: 'Số 1 Ngõ Thử, Phường X, Hà Nội',
    },
  },
];

async function toIdentityStep(page: Page) {
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-qr').click();
  // The scanner shows once the kiosk's agent client has its device list: scans are heard from then on.
  await expect(page.getByTestId('qr-section')).toHaveAttribute('data-scanner', 'ready');
}

const scan = (payload: string) => appendFile(kiosk.qrScanner!, `${payload}\r\n`, 'utf8');

/** A clerk at the site's counter calls the ticket; the page shows its registration detail. */
async function counterDetail(browser: Browser, ticket: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await pair(page, counter);
  await signIn(page, 'clerk.benthanh');
  await page.getByTestId('nav-queue').click();
  await page.getByTestId(`call-${ticket}`).click();
  await expect(page.getByTestId('identity-provenance')).toBeVisible();
  return page;
}
const check = (page: Page, name: string, outcome: string) =>
  page.locator(`[data-testid=provenance-check][data-check="${name}"][data-outcome="${outcome}"]`);

test.beforeEach(async ({ page }) => {
  await pair(page, kiosk);
});

for (const card of cards) {
  test(`a scanned ${card.generation} QR fills the identity form within a second and is registered as read from the QR; the counter shows each field from the QR`, async ({
    page,
    browser,
  }) => {
    await toIdentityStep(page);
    await scan(card.payload);
    await expect(page.getByTestId('qr-status')).toHaveAttribute('data-state', 'done', { timeout: 1_000 });
    const e = card.expected;
    await expect(page.getByTestId('qr-status')).toContainText('Đã điền từ mã QR');
    // Every field as the server received it is checked below; the QR answered every question, so no question page comes.
    const ticket = await finishFromIdentity(page);
    expect(await registeredIdentity(ticket, counter)).toMatchObject({
      source: 'qr',
      assurance: 'declared',
      idNumber: e.idNumber,
      fullName: e.fullName,
      birthDate: `${e.year}-${e.month}-${e.day}`,
      sex: e.sex,
      address: e.address,
      provenance: { fields: { idNumber: { source: 'qr', edited: false }, address: { source: 'qr', edited: false } } },
    });

    const desk = await counterDetail(browser, ticket);
    for (const field of ['idNumber', 'fullName', 'birthDate', 'sex', 'address']) {
      await expect(desk.getByTestId(`provenance-field-${field}`)).toHaveAttribute('data-source', 'qr');
      await expect(desk.getByTestId(`provenance-field-${field}`)).toContainText('QR');
    }
    await expect(check(desk, 'matches-card', 'passed')).toContainText('gửi đi khớp với mã QR');
    await expect(check(desk, 'id-number-structure', 'passed')).toContainText('✓');
    await expect(
      desk.locator('[data-testid=provenance-check][data-outcome=warning], [data-testid=provenance-check][data-outcome=error]'),
    ).toHaveCount(0);
    await desk.context().close();
  });
}

test('an ID number whose structure disagrees with the birth year: the counter shows a warning, and an edited QR field is marked', async ({
  page,
  browser,
}) => {
  // citizen() numbers encode 1990 (digits 4–6 "190"); this person typed 1991.
  const person = { ...citizen(9301), birth: { day: '7', month: '3', year: '1991' } };
  const typedTicket = await registerAtKiosk(page, person, { kind: 'eid' });
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  let desk = await counterDetail(browser, typedTicket);
  await expect(desk.getByTestId('provenance-field-idNumber')).toHaveAttribute('data-source', 'manual');
  await expect(desk.getByTestId('provenance-field-idNumber')).toContainText('Nhập tay');
  const warning = check(desk, 'id-number-structure', 'warning');
  await expect(warning).toHaveAttribute('data-code', 'DK_ERR_ID_NUMBER_BIRTH_YEAR');
  await expect(warning).toContainText('⚠');
  await expect(warning).toContainText('Năm sinh trong số định danh khác năm sinh trên thẻ');
  await desk.context().close();

  // A QR whose number encodes another birth year than the card's date, with the address then changed.
  await page.getByTestId('done').click();
  await toIdentityStep(page);
  await scan('079190012309||Phạm Thị Thu Hà|07031989|Nữ|12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh|20042021');
  await expect(page.getByTestId('qr-status')).toHaveAttribute('data-state', 'done', { timeout: 1_000 });
  const qrTicket = await finishFromIdentity(page, undefined, 'Số 3 Đường Khác, TP. Hồ Chí Minh');
  desk = await counterDetail(browser, qrTicket);
  await expect(desk.getByTestId('provenance-field-fullName')).toHaveAttribute('data-source', 'qr');
  await expect(desk.getByTestId('provenance-field-address')).toHaveAttribute('data-edited', 'true');
  await expect(desk.getByTestId('provenance-field-address')).toContainText('đã sửa');
  await expect(check(desk, 'id-number-structure', 'warning')).toHaveAttribute('data-code', 'DK_ERR_ID_NUMBER_BIRTH_YEAR');
  await desk.context().close();
});

test('a QR that is not a card QR is explained and fills nothing; an edited QR identity counts as typed', async ({ page }) => {
  await toIdentityStep(page);
  await scan('https://example.invalid/not-a-card');
  await expect(page.getByTestId('qr-status')).toHaveAttribute('data-state', 'failed', { timeout: 1_000 });
  await expect(page.getByTestId('qr-status')).toContainText('Mã QR không phải mã QR trên thẻ căn cước. Đưa mã QR');
  await scan(cards[0]!.payload);
  await expect(page.getByTestId('qr-status')).toHaveAttribute('data-state', 'done', { timeout: 1_000 });
  const ticket = await finishFromIdentity(page, undefined, 'Một địa chỉ khác, TP. Hồ Chí Minh');
  expect(await registeredIdentity(ticket, counter)).toMatchObject({ source: 'manual', assurance: 'declared' });
});

test('the camera reads the card QR held up to it (fake camera) and fills the form; the camera goes off after the read', async () => {
  const card = cards[1]!;
  const video = join(system().dataDir, 'qr-card-front.y4m');
  await writeFile(video, toY4m([await renderQrFrame({ payload: card.payload.normalize('NFC'), seed: 7, moduleSize: 6 })]));
  const base = test.info().project.use.launchOptions ?? {};
  const browser = await chromium.launch({
    ...base,
    args: [
      ...(base.args ?? []),
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      '--use-fake-ui-for-media-stream',
    ],
  });
  try {
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1080, height: 1920 },
      permissions: ['camera'],
    });
    const page = await context.newPage();
    const cdnRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(system().kioskUrl) && !request.url().startsWith('ws:') && !request.url().startsWith(system().serverUrl))
        cdnRequests.push(request.url());
    });
    await pair(page, kiosk);
    await page.getByTestId('start').click();
    await page.getByTestId('service-eid').click();
    await page.getByTestId('how-qr').click();
    await page.getByTestId('qr-camera').click();
    await expect(page.getByTestId('qr-status')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
    await expect(page.getByTestId('qr-video')).toHaveCount(0);
    // The decoder's wasm came from the kiosk itself, never from a CDN.
    expect(cdnRequests).toEqual([]);
    await context.close();
  } finally {
    await browser.close();
  }
});
