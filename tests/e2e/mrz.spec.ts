import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { decodeImage } from '@dangky/hardware/ocr';
import { toY4m } from '../bench/qr-frame.ts';
import { generateOne } from '../generator/generate.ts';
import { finishFromIdentity, registeredIdentity } from './kiosk.ts';
import { pair, station, system } from './system.ts';

/**
 * The back of the card to the kiosk camera, for a citizen whose QR is damaged: Chromium's fake
 * camera plays a generated clean card back (tests/generator, OCR-B MRZ, synthetic person) and the
 * kiosk reads the MRZ with its own tesseract.js worker, core and traineddata — nothing may be
 * fetched from another origin. The MRZ fills the ID number, birth date and sex; its name (no
 * diacritics) is offered against an empty name field and compared with the typed one.
 */

const kiosk = station('kiosk-hcm-ben-thanh-1');
const counter = station('counter-hcm-ben-thanh-1');

/** The first Vietnamese-layout card the generator draws for this seed. */
function vietnameseCardBack(seed: number) {
  for (let index = 0; index < 20; index++) {
    const one = generateOne(seed, index, 'clean');
    if (one.entry.layout === 'VNM') return one;
  }
  throw new Error('no Vietnamese card in 20 draws');
}

/** The MRZ name as a citizen would type it; diacritics do not count in the comparison, so a few are enough. */
const DIACRITICS: Record<string, string> = {
  NGUYEN: 'Nguyễn',
  TRAN: 'Trần',
  LE: 'Lê',
  PHAM: 'Phạm',
  VU: 'Vũ',
  DUC: 'Đức',
  THI: 'Thị',
  VAN: 'Văn',
  THANH: 'Thành',
  MINH: 'Minh',
};
const typedName = (mrzName: string) =>
  mrzName
    .split(' ')
    .map((w) => DIACRITICS[w] ?? w[0] + w.slice(1).toLowerCase())
    .join(' ');

test('the camera reads the MRZ on the back of the card (fake camera): ID number, birth date and sex fill in; the MRZ name is checked against the typed one; registered as read from the MRZ', async () => {
  const { image, entry } = vietnameseCardBack(3);
  const card = entry.input;
  const mrzName = `${card.surname} ${card.givenNames}`;
  const grey = decodeImage(image);
  const rgba = new Uint8ClampedArray(grey.width * grey.height * 4);
  for (let p = 0; p < grey.width * grey.height; p++) rgba.set([grey.data[p]!, grey.data[p]!, grey.data[p]!, 255], p * 4);
  const video = join(system().dataDir, 'mrz-card-back.y4m');
  await writeFile(video, toY4m([{ data: rgba, width: grey.width, height: grey.height }]));

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
    const elsewhere: string[] = [];
    const watch = (url: string) => {
      if (!url.startsWith(system().kioskUrl) && !url.startsWith(system().serverUrl) && !/^(ws|data|blob):/.test(url)) elsewhere.push(url);
    };
    // The page, its workers (tesseract.js runs in one) and the service worker.
    context.on('request', (request) => watch(request.url()));
    await pair(page, kiosk);
    await page.getByTestId('start').click();
    await page.getByTestId('service-eid').click();
    await page.getByTestId('how-mrz').click();
    await page.getByTestId('mrz-camera').click();
    await expect(page.getByTestId('mrz-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('mrz-video')).toHaveCount(0);
    // The back of the card answered the number, birth date and sex: the name's page comes next.
    await page.getByTestId('next').click();

    // The name field is empty: the MRZ name is offered, never filled in by itself.
    await expect(page.getByTestId('full-name')).toHaveValue('');
    await expect(page.getByTestId('mrz-name')).toHaveAttribute('data-match', 'empty');
    await expect(page.getByTestId('mrz-name')).toContainText(`Tên trên MRZ: ${mrzName}`);
    await page.getByTestId('mrz-use-name').click();
    await expect(page.getByTestId('mrz-add-diacritics')).toBeVisible();
    // A different name is flagged; the name as on the card (with diacritics) matches.
    await page.getByTestId('full-name').fill('Trương Mỹ Lan');
    await expect(page.getByTestId('mrz-name')).toHaveAttribute('data-match', 'no');
    await expect(page.getByTestId('mrz-name')).toContainText('không khớp với tên bạn nhập');
    const name = typedName(mrzName);
    await page.getByTestId('full-name').fill(name);
    await expect(page.getByTestId('mrz-name')).toHaveAttribute('data-match', 'yes');
    await expect(page.getByTestId('mrz-name')).toContainText('khớp với tên bạn nhập');
    await page.getByTestId('next').click();
    await page.getByTestId('address').fill('12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh');

    const ticket = await finishFromIdentity(page);
    const registered = await registeredIdentity(ticket, counter);
    expect(registered).toMatchObject({
      source: 'mrz',
      assurance: 'declared',
      idNumber: card.idNumber,
      fullName: name,
      birthDate: card.birthDate,
      sex: card.sex,
      // What staff see: the number, date and sex from the MRZ; the name typed with diacritics over the MRZ's, and matching it.
      provenance: {
        fields: {
          idNumber: { source: 'mrz', edited: false },
          birthDate: { source: 'mrz', edited: false },
          sex: { source: 'mrz', edited: false },
          fullName: { source: 'manual', edited: true, editedFrom: 'mrz' },
          address: { source: 'manual', edited: false },
        },
      },
    });
    const checks = (registered.provenance as { checks: { check: string; outcome: string; detail?: { sources?: string } }[] }).checks;
    expect(checks).toContainEqual({ check: 'mrz-check-digits', outcome: 'passed', detail: { source: 'mrz' } });
    expect(checks).toContainEqual({ check: 'matches-card', outcome: 'passed', detail: { sources: 'mrz/manual' } });
    expect(checks.filter((c) => c.outcome === 'error')).toEqual([]);
    // The OCR worker, its wasm core and the traineddata all came from the kiosk itself.
    expect(elsewhere).toEqual([]);
    await context.close();
  } finally {
    await browser.close();
  }
});
