import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor } from 'xstate';
import type { ErrorCode } from '@dangky/core/errors';
import type { ChipReading } from '@dangky/core/id';
import {
  kioskRegistrationMachine,
  type KioskAnswers,
  type KioskEvent,
  type PrintTicketInput,
  type SubmittedTicket,
} from '@dangky/core/machines';
import { defaultServiceRules } from '@dangky/core/gates';
import { demoProviders } from '@dangky/core/reference';
import { en } from '../i18n/en.ts';
import { enFlow } from '../i18n/en-flow.ts';
import { vi } from '../i18n/vi.ts';
import { viFlow } from '../i18n/vi-flow.ts';
import { enA11y, viA11y } from '../a11y/messages.ts';
import { errorMessages } from '../i18n/error-messages.ts';
import { clipId } from './clip-id.ts';
import { planSpeech } from './speech-plan.ts';
import { spokenTexts } from './spoken-texts.ts';
import { screenSpeech, type WelcomeView } from './screen-speech.ts';

type Lang = 'vi' | 'en';
const catalogues = { vi: { ...vi, ...viFlow, a11y: viA11y }, en: { ...en, ...enFlow, a11y: enA11y } };

/** The catalogue's message with its values, as svelte-i18n gives it for these simple placeholders. */
const translator = (lang: Lang) => (key: string, values?: Record<string, string | number>) => {
  const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], catalogues[lang]);
  if (typeof text !== 'string') throw new Error(`no message ${key}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name]));
};
const errorText = (lang: Lang) => (code: ErrorCode) => errorMessages(lang)[code]!;

/** The pack the build makes, without the audio: which clips exist and the templates. */
const packOf = (lang: Lang) => {
  const { texts, templates } = spokenTexts(lang);
  return { clips: new Set(texts.map(clipId)), templates };
};
const packs = { vi: packOf('vi'), en: packOf('en') };

const ticket: SubmittedTicket = { registrationId: '019ab000-0000-7000-8000-000000000001', ticket: { number: 'A-023', day: '2026-11-29' } };
const chip: ChipReading = {
  verdict: 'verified',
  identity: {
    idNumber: '079190012345',
    fullName: 'Nguyễn Thị Thử',
    birthDate: '1990-05-17',
    sex: 'F',
    address: '12 Lê Lợi, TP. Hồ Chí Minh',
  },
};

function kiosk(options: { failPrint?: ErrorCode } = {}) {
  const machine = kioskRegistrationMachine.provide({
    actors: {
      submitRegistration: fromPromise<SubmittedTicket, KioskAnswers>(async () => ticket),
      printTicket: fromPromise<void, PrintTicketInput>(async () => {
        if (options.failPrint) throw Object.assign(new Error('printer'), { code: options.failPrint });
      }),
      readChip: fromPromise<ChipReading, { idNumber: string }>(async () => chip),
      qrScanner: fromCallback<KioskEvent>(() => () => {}),
    },
  });
  return createActor(machine, { input: { today: () => '2026-11-29' } }).start();
}
type Actor = ReturnType<typeof kiosk>;

const welcome: WelcomeView = { rules: defaultServiceRules, closed: null, revoked: null, paired: true };
const say = (actor: Actor, lang: Lang = 'vi', view: WelcomeView = welcome) =>
  screenSpeech({ snapshot: actor.getSnapshot(), providers: demoProviders, welcome: view }, translator(lang), errorText(lang));

/** Every text said has its clips in the pack of its language: nothing on a screen is left silent. */
function expectSayable(speech: { texts: string[]; news: string[] }, lang: Lang) {
  for (const text of [...speech.texts, ...speech.news]) {
    const plan = planSpeech(text, packs[lang]);
    expect(plan, `${lang}: ${text}`).not.toBeNull();
    expect(plan!.length, `${lang}: ${text}`).toBeGreaterThan(0);
  }
}

function toIdNumber(actor: Actor) {
  actor.send({ type: 'flow.start' });
  actor.send({ type: 'service.chosen', kind: 'eid-level2' });
  actor.send({ type: 'identity.method', method: 'type' });
}

/** Through the form to the consent page, typing every answer (a VNPT token, or e-ID). */
function toConsent(actor: Actor, kind: 'digital-signature' | 'eid-level2') {
  actor.send({ type: 'flow.start' });
  actor.send({ type: 'service.chosen', kind });
  if (kind === 'digital-signature') actor.send({ type: 'provider.chosen', channel: 'token', providerId: 'vnpt' });
  actor.send({ type: 'identity.method', method: 'type' });
  actor.send({
    type: 'identity.edited',
    changes: { idNumber: '079190012345', fullName: 'Nguyễn Thị Thử', birthDay: '17', birthMonth: '05', birthYear: '1990', sex: 'F' },
  });
  actor.send({ type: 'identity.edited', changes: { address: '12 Lê Lợi, TP. Hồ Chí Minh' } });
  actor.send({ type: 'identity.submitted' });
  actor.send({ type: 'contact.submitted', values: { phone: '0912345678' } });
}

async function toTicket(actor: Actor) {
  toConsent(actor, 'digital-signature');
  expect(say(actor).texts).toContain('Tôi đồng ý để các thông tin này được chuyển cho nhà cung cấp VNPT để cấp chứng thư số.');
  expectSayable(say(actor), 'vi');
  actor.send({ type: 'consent.given', at: '2026-11-29T02:00:00.000Z' });
  expectSayable(say(actor), 'vi');
  actor.send({ type: 'summary.confirmed' });
  await waitFor(actor, (s) => s.matches({ ticket: 'printed' }) || s.matches({ ticket: 'failed' }));
}

describe('what the audio guidance says on each screen', () => {
  it('welcome: the greeting, who may register, what to bring, then how to start; in English when chosen', () => {
    const actor = kiosk();
    const vi = say(actor);
    expect(vi.screen).toBe('welcome');
    expect(vi.texts[0]).toBe('Xin chào!');
    expect(vi.texts).toContain('Mang theo: thẻ căn cước còn hạn và điện thoại di động của bạn.');
    expect(vi.texts.at(-1)).toBe('Chạm để bắt đầu');
    expect(say(actor, 'en').texts.at(-1)).toBe('Touch to start');
    expect(say(actor, 'vi', { ...welcome, paired: false }).texts.at(-1)).toBe('Máy chưa được ghép nối. Vui lòng báo cán bộ.');
    for (const lang of ['vi', 'en'] as const) expectSayable(say(actor, lang), lang);
  });

  it('service and the card question: the heading, then each choice with its hint', () => {
    const actor = kiosk();
    actor.send({ type: 'flow.start' });
    expect(say(actor).texts).toEqual([
      'Bạn muốn đăng ký dịch vụ nào?',
      'Chữ ký số cá nhân miễn phí',
      'Ký văn bản điện tử, đăng nhập Cổng dịch vụ công. Miễn phí 1 năm.',
      'Định danh điện tử mức 2 (VNeID)',
      'Tài khoản VNeID mức 2 để làm thủ tục trực tuyến.',
    ]);
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    const how = say(actor, 'en');
    expect(how.texts[0]).toBe(enFlow.identity.how.heading);
    expect(how.texts).toContain(enFlow.identity.how.type);
    for (const lang of ['vi', 'en'] as const) expectSayable(say(actor, lang), lang);
  });

  it('a question page: its question and labels; a wrong answer is news on the same page, said after the summary title', () => {
    const actor = kiosk();
    toIdNumber(actor);
    const asked = say(actor);
    expect(asked.texts).toEqual(['Số định danh cá nhân trên thẻ của bạn là gì?', 'Số định danh cá nhân (12 số)']);
    expect(asked.news).toEqual([]);
    actor.send({ type: 'identity.edited', changes: { idNumber: '07919001' } });
    actor.send({ type: 'identity.submitted' });
    const wrong = say(actor);
    expect(wrong.screen).toBe(asked.screen);
    expect(wrong.news).toEqual(['Cần sửa lại thông tin', errorMessages('vi').DK_ERR_ID_NUMBER_FORMAT]);
    expect(wrong.texts.slice(-2)).toEqual(wrong.news);
    for (const lang of ['vi', 'en'] as const) expectSayable(say(actor, lang), lang);
  });

  it('the chip page says the card was read as news', async () => {
    const actor = kiosk();
    actor.send({ type: 'flow.start' });
    actor.send({ type: 'service.chosen', kind: 'eid-level2' });
    actor.send({ type: 'identity.method', method: 'chip' });
    const page = say(actor);
    expect(page.texts[0]).toBe('Đọc chip trên thẻ');
    actor.send({ type: 'identity.edited', changes: { idNumber: '079190012345' } });
    actor.send({ type: 'chip.read' });
    await waitFor(actor, (s) => s.matches({ filling: { identity: { card: { chip: 'done' } } } }));
    const read = say(actor);
    expect(read.screen).toBe(page.screen);
    expect(read.news).toEqual(['Đã đọc và xác thực chip trên thẻ.', 'Vui lòng kiểm tra lại thông tin rồi bấm Tiếp tục.']);
    expectSayable(read, 'vi');
  });

  it('the ticket: its number letter by letter, the service, where to wait, and whether it printed', async () => {
    const actor = kiosk({ failPrint: 'DK_ERR_PRINTER_OFFLINE' });
    await toTicket(actor);
    const ticketSaid = say(actor);
    expect(ticketSaid.texts.slice(0, 3)).toEqual(['Số thứ tự của bạn', 'Số thứ tự của bạn: A-023', 'Chữ ký số cá nhân miễn phí']);
    expect(planSpeech('Số thứ tự của bạn: A-023', packs.vi)).toEqual(['Số thứ tự của bạn:', 'A', '0', '2', '3'].map(clipId));
    expect(ticketSaid.news).toEqual([
      'Không in được vé. Vui lòng ghi nhớ số thứ tự.',
      errorMessages('vi').DK_ERR_PRINTER_OFFLINE,
      'In lại',
    ]);
    for (const lang of ['vi', 'en'] as const) expectSayable(say(actor, lang), lang);
    expect(say(actor, 'en').texts[1]).toBe('Your ticket number: A-023');
  });

  it('the declined page and the idle warning are said whole', async () => {
    const actor = kiosk();
    toIdNumber(actor);
    actor.send({ type: 'idle.timeout' });
    expect(say(actor).texts).toEqual([viFlow.idle.heading, viFlow.idle.body.replace('{seconds}', '20'), viFlow.idle.continue]);
    expectSayable(say(actor), 'vi');
    actor.send({ type: 'activity.seen' });
    actor.send({ type: 'flow.cancel' });
    await toTicket(kiosk()); // the consent page on the way is sayable (checked inside)
    const declining = kiosk();
    toConsent(declining, 'eid-level2');
    declining.send({ type: 'consent.declined' });
    const declined = say(declining);
    expect(declined.texts[0]).toBe(viFlow.declined.heading);
    expect(declined.texts.slice(-2)).toEqual(['Quay lại phần đồng ý', 'Kết thúc']);
    for (const lang of ['vi', 'en'] as const) expectSayable(say(declining, lang), lang);
  });

  it('reads an age as a number and a ticket letter by letter', () => {
    expect(planSpeech('Chữ ký số cá nhân miễn phí: công dân Việt Nam từ 18 tuổi.', packs.vi)).toContain(clipId('18'));
    expect(planSpeech('Số thứ tự của bạn: B-18', packs.vi)).toEqual(['Số thứ tự của bạn:', 'B', '1', '8'].map(clipId));
  });
});
