import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { KIOSK_IDLE_RESET_MS, KIOSK_IDLE_WARNING_MS } from '@dangky/core/machines';
import { clipId } from '../../kiosk/src/lib/audio/clip-id.ts';
import { expectAccessible } from './axe.ts';
import { citizen, fillIdentity } from './kiosk.ts';
import { heldRegistration, pair, serverRegistrations, station, system } from './system.ts';

/**
 * What an older citizen meets at the kiosk beyond the happy path: wrong fields explained in
 * Vietnamese beside the field, English one tap away, targets big enough for a finger, and a
 * kiosk that forgets them when they walk away.
 */
test.beforeEach(async ({ page }) => {
  await pair(page, station('kiosk-hcm-ben-thanh-1'));
});

test('wrong ID number, date and phone are explained at the field, in Vietnamese', async ({ page }) => {
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  // One question per page: each page explains its own wrong answer, and the summary links to it.
  await page.getByTestId('id-number').fill('07919001');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-idNumber')).toHaveText('Số định danh cá nhân phải gồm đúng 12 chữ số.');
  await expect(page.getByTestId('id-number')).toHaveAttribute('aria-invalid', 'true');
  // The errors on screen follow a language switch, in the field and in the summary.
  await page.getByTestId('language').click();
  await expect(page.getByTestId('error-idNumber')).toHaveText('ID number must be exactly 12 digits');
  await expect(page.getByTestId('error-link-field-id-number')).toHaveText('ID number must be exactly 12 digits');
  await page.getByTestId('language').click();
  await expect(page.getByTestId('error-idNumber')).toHaveText('Số định danh cá nhân phải gồm đúng 12 chữ số.');
  await page.getByTestId('error-link-field-id-number').click();
  await expect(page.getByTestId('id-number')).toBeFocused();
  await page.getByTestId('id-number').fill('079185012345');
  await page.getByTestId('next').click();
  await page.getByTestId('full-name').fill('Trần Văn Bảy');
  await page.getByTestId('next').click();
  await page.getByTestId('birth-day').fill('31');
  await page.getByTestId('birth-month').fill('2');
  await page.getByTestId('birth-year').fill('1985');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-birthDate')).toHaveText(/Ngày không hợp lệ/);
  await expect(page.getByTestId('error-sex')).toHaveText('Vui lòng chọn giới tính.');
  await page.getByTestId('birth-day').fill('28');
  await page.getByTestId('sex-M').click();
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-address')).toBeVisible();
  // A paste bringing a NUL or half a surrogate pair is refused at the field. The text is made in the
  // page: on its way through the browser protocol a lone surrogate would be mended into U+FFFD.
  for (const units of [
    [0x35, 0x00, 0x20, 0x4c],
    [0x35, 0x20, 0xd83d],
  ]) {
    await page.getByTestId('address').evaluate((el: HTMLInputElement, codes) => {
      el.value = String.fromCharCode(...codes);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, units);
    await page.getByTestId('next').click();
    await expect(page.getByTestId('error-address')).toHaveText(/ký tự không hợp lệ/);
  }
  await page.getByTestId('address').fill('5 Nguyễn Huệ, TP. Hồ Chí Minh');
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill('028 3829 1234');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-phone')).toHaveText(/Số điện thoại di động không hợp lệ/);
});

test('English is one tap away, and the next citizen starts in Vietnamese again', async ({ page }) => {
  await expect(page.getByTestId('start')).toHaveText('Chạm để bắt đầu');
  await page.getByTestId('language').click();
  await expect(page.getByTestId('start')).toHaveText('Touch to start');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('service-signature')).toContainText('Free personal digital signature');
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('start')).toHaveText('Chạm để bắt đầu');
  // Audio guidance, one tap in the header: each screen is said from the kiosk's own clips (no
  // network voice), a first touch says what it is, a second chooses; it ends with the visit.
  const clips: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/audio/')) clips.push(path);
  });
  const clip = (text: string, lang = 'vi') => `/audio/${lang}/${clipId(text)}.ogg`;
  const guide = page.getByTestId('audio-guide');
  await expect(guide).toHaveAccessibleName('Nghe hướng dẫn');
  await guide.click();
  await expect(guide).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => clips).toContain(clip('Đã bật hướng dẫn bằng giọng nói.'));
  await expect.poll(async () => Number(await guide.getAttribute('data-played'))).toBeGreaterThan(0);
  await page.getByTestId('start').click();
  await expect.poll(() => clips).toContain(clip('Chạm để bắt đầu'));
  await expect(page.getByTestId('start')).toBeVisible();
  await page.getByTestId('start').click();
  await expect(page.getByTestId('service-eid')).toBeVisible();
  await expect(guide).toHaveAttribute('data-saying', 'Bạn muốn đăng ký dịch vụ nào?');
  await expect.poll(() => clips).toContain(clip('Bạn muốn đăng ký dịch vụ nào?'));
  // Chosen in English, said in English (its clips may come from the service worker's cache now).
  await page.getByTestId('language').dblclick();
  await expect(guide).toHaveAttribute('data-saying', 'Which service do you want?');
  await expect(guide).toHaveAttribute('data-clip', clip('Which service do you want?', 'en'));
  expect(clips.every((path) => /^\/audio\/(manifest\.json|(vi|en)\/\w+\.ogg)$/.test(path))).toBe(true);
  await page.getByTestId('cancel').dblclick();
  await expect(guide).toHaveAttribute('aria-pressed', 'false');
});

test('a headset plugged into the jack turns the audio guidance on and says so; pulled out, it goes off', async ({ page }) => {
  // The station's agent reads the jack (here its simulator's file) and reports it to the page.
  const jack = station('kiosk-hcm-ben-thanh-1').headsetJack!;
  await writeFile(jack, 'unplugged');
  const clips: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/audio/')) clips.push(path);
  });
  const guide = page.getByTestId('audio-guide');
  const news = page.getByTestId('headset-news');
  await expect(news).toHaveAttribute('data-jack', 'false');
  await expect(guide).toHaveAttribute('aria-pressed', 'false');

  await writeFile(jack, 'plugged');
  await expect(guide).toHaveAttribute('aria-pressed', 'true');
  await expect(news).toHaveText('Đã cắm tai nghe.');
  await expect.poll(() => clips).toContain(`/audio/vi/${clipId('Đã cắm tai nghe.')}.ogg`);
  await expect.poll(() => clips).toContain(`/audio/vi/${clipId('Đã bật hướng dẫn bằng giọng nói.')}.ogg`);
  await expect.poll(async () => Number(await guide.getAttribute('data-played'))).toBeGreaterThan(0);

  await writeFile(jack, 'unplugged');
  await expect(guide).toHaveAttribute('aria-pressed', 'false');
  await expect(news).toHaveText('Đã rút tai nghe: tắt hướng dẫn bằng giọng nói.');
  // The toggle still works without a headset event.
  await guide.click();
  await expect(guide).toHaveAttribute('aria-pressed', 'true');
  await guide.click();
  await expect(guide).toHaveAttribute('aria-pressed', 'false');
});

test('with the audio guidance on, a provider is said by its name as people say it, not letter by letter', async ({ page }) => {
  const clips: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/audio/')) clips.push(path);
  });
  const guide = page.getByTestId('audio-guide');
  await guide.click();
  await expect(guide).toHaveAttribute('aria-pressed', 'true');
  // While it is on, a first touch says, a second chooses.
  await page.getByTestId('start').dblclick();
  await page.getByTestId('service-signature').dblclick();
  await page.getByTestId('channel-remote').dblclick();
  const before = clips.length;
  await page.getByTestId('provider-viettel').click();
  await expect(guide).toHaveAttribute('data-saying', 'Viettel MySign');
  await expect(guide).toHaveAttribute('data-clip', `/audio/vi/${clipId('Viettel MySign')}.ogg`);
  // One clip for the whole name: none of its letters on their own.
  await expect.poll(() => clips.slice(before)).toContain(`/audio/vi/${clipId('Viettel MySign')}.ogg`);
  const letters = [...'VIETLMYSGN'].map((letter) => `/audio/vi/${clipId(letter)}.ogg`);
  expect(clips.slice(before).filter((path) => letters.includes(path))).toEqual([]);
  await page.getByTestId('cancel').dblclick();
});

test('every touch target on every step is at least 48 px high and wide', async ({ page }) => {
  const check = async (where: string) => {
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, input, a[href]'))
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({ id: el.dataset.testid ?? el.textContent?.trim() ?? el.tagName, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.height < 48 || box.width < 48)
        .map(({ id, box }) => `${id} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small, where).toEqual([]);
  };
  await expect(page.getByTestId('start')).toBeEnabled();
  await check('welcome');
  await page.getByTestId('start').click();
  await check('service');
  await page.getByTestId('service-signature').click();
  await page.getByTestId('channel-token').click();
  await check('provider');
  await page.getByTestId('provider-vnpt').click();
  await page.getByTestId('next').click();
  await check('identity');
});

test('a citizen who walks away is warned, then forgotten', async ({ page }) => {
  // The test moves the page's clock by the kiosk's own delays (a minute of no touch, then 20 s
  // after the warning): no race between a short delay and a busy machine's clicks.
  await page.clock.install();
  await page.goto(system().kioskUrl);
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await page.getByTestId('id-number').fill('079190000001');
  await page.clock.fastForward(KIOSK_IDLE_WARNING_MS);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  // The seconds left count down where the citizen can see them; the button has the focus.
  const seconds = KIOSK_IDLE_RESET_MS / 1000;
  await expect(page.getByTestId('idle-countdown')).toHaveText(String(seconds));
  await expect(page.getByTestId('idle-continue')).toBeFocused();
  await page.clock.fastForward(5_000);
  await expect(page.getByTestId('idle-countdown')).toHaveText(String(seconds - 5));
  await page.getByTestId('idle-continue').click();
  // Still their screen, with what they typed.
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.getByTestId('id-number')).toHaveValue('079190000001');
  await page.clock.fastForward(KIOSK_IDLE_WARNING_MS);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.fastForward(KIOSK_IDLE_RESET_MS);
  await expect(page.getByTestId('start')).toBeVisible();
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await expect(page.getByTestId('id-number')).toHaveValue('');
});

test('the chip fills the identity in, marked chip-verified, and the server records where it came from', async ({ page }) => {
  const s = station('kiosk-hcm-ben-thanh-1');
  const card = s.simulatedCard!;
  expect(card.idNumber).toMatch(/^\d{12}$/);
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-chip').click();
  await expect(page.getByTestId('chip-read')).toBeDisabled();
  await page.getByTestId('id-number').fill(card.idNumber);
  await page.getByTestId('chip-read').click();
  await expect(page.getByTestId('chip-status')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(page.getByTestId('chip-status')).toHaveAttribute('data-verdict', 'verified');
  // The chip answered every question: straight on to the phone number.
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill('0987654321');
  await page.getByTestId('next').click();
  await page.getByTestId('consent-agree').click();
  await page.getByTestId('confirm').click();
  const ticket = (await page.getByTestId('ticket-number').textContent())!.trim();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const counter = station('counter-hcm-ben-thanh-1');
  const held = (await heldRegistration<{
    draft: { ticket: { number: string }; identity: { source: string; assurance: string; fullName: string } };
  }>(ticket, counter))!;
  expect(held.draft.identity).toMatchObject({ source: 'chip', assurance: 'chip-verified', fullName: card.fullName });
});

test('an edited chip identity is recorded as typed by hand, not as chip-verified', async ({ page }) => {
  const card = station('kiosk-hcm-ben-thanh-1').simulatedCard!;
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-chip').click();
  await page.getByTestId('id-number').fill(card.idNumber);
  await page.getByTestId('chip-read').click();
  await expect(page.getByTestId('chip-status')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill('0987654321');
  await page.getByTestId('next').click();
  await page.getByTestId('consent-agree').click();
  // The address changed from the summary's Change link, which comes back to the summary.
  await page.getByTestId('change-address').click();
  await page.getByTestId('address').fill('Một địa chỉ khác, TP. Hồ Chí Minh');
  await page.getByTestId('next').click();
  await page.getByTestId('confirm').click();
  const ticket = (await page.getByTestId('ticket-number').textContent())!.trim();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const held = await heldRegistration<{ draft: { ticket: { number: string }; identity: { source: string; assurance: string } } }>(
    ticket,
    station('counter-hcm-ben-thanh-1'),
  );
  expect(held!.draft.identity).toMatchObject({ source: 'manual', assurance: 'declared' });
});

test('staff see the station’s devices in the footer as the agent reports them', async ({ page }) => {
  await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('device-nfc-reader')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('device-printer')).toHaveText('Máy in: sẵn sàng');
});

test('a citizen who does not agree is told what it means, may go back to the consent, and ending keeps nothing', async ({ page }) => {
  const person = citizen(9201);
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await fillIdentity(page, person);
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill(person.phone);
  await page.getByTestId('next').click();
  await page.getByTestId('consent-decline').click();
  await expect(page.getByTestId('declined')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('declined-kept')).toHaveText(
    'Thông tin bạn vừa nhập chưa được gửi đi và không được lưu lại. Khi bạn chọn “Kết thúc”, thông tin sẽ được xoá ngay.',
  );
  await expectAccessible(page, 'consent declined');
  // A tap by mistake: back to the consent page, the answers still there (the summary shows them).
  await page.getByTestId('declined-back').click();
  await expect(page.getByTestId('consent-agree')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.getByTestId('consent-agree').click();
  await expect(page.getByTestId('summary-id')).toHaveText(person.idNumber);
  await page.getByTestId('back').click();
  await page.getByTestId('consent-decline').click();
  await expect(page.getByTestId('declined-done')).toHaveText('Kết thúc');
  await page.getByTestId('declined-done').click();
  await expect(page.getByTestId('start')).toBeVisible();
  // Nothing of them stays: the next citizen starts from empty pages, and nothing was registered.
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await expect(page.getByTestId('id-number')).toHaveValue('');
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const held = await serverRegistrations<{ draft: { ticket: { number: string }; identity: { idNumber: string } } }>(
    station('counter-hcm-ben-thanh-1'),
  );
  expect(held.filter((r) => r.draft.identity.idNumber === person.idNumber)).toHaveLength(0);
});

test('the kiosk types with its own keyboards: a Telex name in NFC, numbers on a pad, no system keyboard', async ({ page }) => {
  /** Taps each key on the on-screen keyboard under the field (a space is the space bar). */
  const tap = async (keys: string) => {
    for (const key of keys) await page.locator(`[data-key="${key === ' ' ? 'space' : key}"]`).click();
  };
  const noSystemKeyboard = async (testid: string) => expect(page.getByTestId(testid)).toHaveAttribute('inputmode', 'none');
  const idNumber = '079190009301';
  await page.getByTestId('start').click();
  await page.getByTestId('service-eid').click();
  await page.getByTestId('how-type').click();
  await noSystemKeyboard('id-number');
  await expect(page.getByTestId('number-pad')).toBeVisible();
  await tap(idNumber);
  await expect(page.getByTestId('id-number')).toHaveValue(idNumber);
  await page.getByTestId('next').click();
  // Telex on the Vietnamese keyboard: each word takes its capital, the marks compose in place.
  await noSystemKeyboard('full-name');
  await expect(page.getByTestId('vn-keyboard')).toHaveAttribute('data-telex', 'true');
  await tap('nguyeenx thij hoongf nhung');
  const name = 'Nguyễn Thị Hồng Nhung'.normalize('NFC');
  await expect(page.getByTestId('full-name')).toHaveValue(name);
  expect(await page.getByTestId('full-name').inputValue()).toBe(name);
  // A wrong key is taken back with the delete key.
  await tap('a');
  await page.locator('[data-key="backspace"]').click();
  await expect(page.getByTestId('full-name')).toHaveValue(name);
  await page.getByTestId('next').click();
  // One number pad for the three date boxes: a full box passes to the next.
  for (const box of ['birth-day', 'birth-month', 'birth-year']) await noSystemKeyboard(box);
  await tap('07031990');
  await expect(page.getByTestId('birth-day')).toHaveValue('07');
  await expect(page.getByTestId('birth-month')).toHaveValue('03');
  await expect(page.getByTestId('birth-year')).toHaveValue('1990');
  await page.getByTestId('sex-F').click();
  await page.getByTestId('next').click();
  await noSystemKeyboard('address');
  await tap('12 lee lowi');
  await page.locator('[data-key="tone-nang"]').click();
  await expect(page.getByTestId('address')).toHaveValue('12 Lê Lợi');
  await page.getByTestId('next').click();
  await noSystemKeyboard('phone');
  await tap('0912345678');
  await expect(page.getByTestId('phone')).toHaveValue('0912345678');
  // The e-mail takes its own keyboard (letters as typed, @ and .) once it is touched.
  await noSystemKeyboard('email');
  await page.getByTestId('email').click();
  await expect(page.getByTestId('number-pad')).toBeHidden();
  await tap('nhung@vn.vn');
  await expect(page.getByTestId('email')).toHaveValue('nhung@vn.vn');
  await page.getByTestId('next').click();
  await page.getByTestId('consent-agree').click();
  await expect(page.getByTestId('summary-name')).toHaveText(name);
  await page.getByTestId('confirm').click();
  const ticket = (await page.getByTestId('ticket-number').textContent())!.trim();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  const held = await heldRegistration<{ draft: { ticket: { number: string }; identity: { fullName: string; address: string } } }>(
    ticket,
    station('counter-hcm-ben-thanh-1'),
  );
  expect(held!.draft.identity.fullName).toBe(name);
  expect(held!.draft.identity.address).toBe('12 Lê Lợi');
});
