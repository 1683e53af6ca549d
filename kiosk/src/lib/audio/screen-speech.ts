import type { ErrorCode } from '@dangky/core/errors';
import { identityRegions, KIOSK_IDLE_RESET_MS, type KioskSnapshot } from '@dangky/core/machines';
import type { Provider } from '@dangky/core/schemas';
import type { ServiceRules } from '@dangky/core/gates';
import { waitText, type Translate } from '../device/print-ticket.ts';

/**
 * What the audio guidance says on each kiosk screen, decided from the registration statechart's
 * state (not read off the page): the heading, the question and its hint, the choices, then the
 * errors and the news of the page (a card read, a print), in that order — the order a citizen
 * who cannot see the screen needs, with nothing of the page's decoration. The navigation
 * buttons and the keyboards are not read out each time; touch-explore says them when touched.
 *
 * `screen` names the page: a new page is said whole; on the same page only new `news` is said
 * (an error after a tap on Continue, the chip read), so the citizen is not made to hear the page
 * again after each touch. Nothing of the citizen's own answers is said, except the ticket number.
 */
export interface ScreenSpeech {
  screen: string;
  texts: string[];
  news: string[];
}

/** The welcome screen's state, as the page shows it (the kiosk's, once it opened). */
export interface WelcomeView {
  rules: ServiceRules | null;
  /** An event booth outside its days: the registry's message and the days. */
  closed: { message: string; firstDay: string; lastDay: string } | null;
  revoked: { kept: number } | null;
  paired: boolean;
}

export interface SpeechView {
  snapshot: KioskSnapshot;
  providers: readonly Provider[];
  welcome: WelcomeView;
}

type ErrorText = (code: ErrorCode) => string;

const day = (iso: string) => iso.split('-').reverse().join('/');

function welcomeSpeech({ rules, closed, revoked, paired }: WelcomeView, t: Translate): string[] {
  const said = [t('welcome.heading'), t('welcome.lead'), t('welcome.steps')];
  if (rules) {
    const ages = rules.minimumAge;
    said.push(
      t('welcomeWho.signature', { age: ages.digitalSignature }),
      t('welcomeWho.eid', { age: ages.eidLevel2, guardian: ages.eidLevel2WithGuardian }),
      t('welcomeWho.bring'),
    );
  }
  if (revoked) said.push(t('revoked.heading'), t('revoked.body'));
  else if (closed) said.push(closed.message, t('booth.days', { first: day(closed.firstDay), last: day(closed.lastDay) }));
  else if (paired) said.push(t('welcome.start'));
  else said.push(t('app.unpaired'));
  return said;
}

/** The field errors of the page, under the error summary's title, in the page's order. */
function fieldErrorSpeech(s: KioskSnapshot, t: Translate, errorText: ErrorText): string[] {
  const codes = Object.values(s.context.fieldErrors) as ErrorCode[];
  return codes.length === 0 ? [] : [t('a11y.errorSummary'), ...codes.map(errorText)];
}

/** The card page: what the chosen reading asks, and its result as news. */
function cardSpeech(s: KioskSnapshot, t: Translate, errorText: ErrorText): { texts: string[]; news: string[] } {
  const method = s.context.cardMethod ?? 'chip';
  const regions = identityRegions(s);
  const texts = [t(`identity.how.${method}`)];
  const news: string[] = [];
  if (method === 'chip') {
    texts.push(t('identity.chip.hint'), t('identity.idNumber'), t('identity.chip.read'));
    const chip = regions?.chip;
    if (chip === 'reading') news.push(t('identity.chip.reading'));
    else if (chip === 'done') {
      const verified = s.context.capture.readings.chip?.verdict === 'verified';
      news.push(t(verified ? 'identity.chip.verified' : 'identity.chip.notVerified'), t('identity.chip.check'));
    } else if (chip === 'failed' && s.context.chipErrorCode) news.push(errorText(s.context.chipErrorCode));
  } else if (method === 'qr') {
    texts.push(t('identity.qr.hint'));
    const qr = regions?.qr;
    if (qr === 'done') news.push(t('identity.qr.filled'), t('identity.chip.check'));
    else if (qr === 'failed' && s.context.qrErrorCode) news.push(errorText(s.context.qrErrorCode));
    else if (qr === 'cameraFailed') news.push(errorText('DK_ERR_CAMERA_UNAVAILABLE'));
  } else {
    texts.push(t('identity.mrz.hint'), t('identity.mrz.camera'));
    const mrz = regions?.mrz;
    if (regions?.camera === 'mrz') news.push(t('identity.mrz.reading'));
    else if (mrz === 'done') news.push(t('identity.mrz.filled'), t('identity.chip.check'));
    else if (mrz === 'notCitizenCard') news.push(errorText('DK_ERR_MRZ_NOT_CITIZEN_CARD'));
    else if (mrz === 'cameraFailed') news.push(errorText('DK_ERR_CAMERA_UNAVAILABLE'));
  }
  return { texts, news };
}

const QUESTION_LABELS: Record<string, string[]> = {
  idNumber: ['identity.idNumber'],
  fullName: ['identity.fullName'],
  birth: ['identity.day', 'identity.month', 'identity.year', 'identity.sex', 'identity.male', 'identity.female'],
  address: ['identity.address'],
};

/** A step of the form: its heading, question and choices, by the state it is in. */
function stepSpeech(
  s: KioskSnapshot,
  providers: readonly Provider[],
  t: Translate,
  errorText: ErrorText,
): { page: string; texts: string[]; news: string[] } {
  const errors = fieldErrorSpeech(s, t, errorText);
  if (s.matches({ filling: 'service' }))
    return {
      page: 'service',
      texts: [t('service.heading'), t('service.signature'), t('service.signatureHint'), t('service.eid'), t('service.eidHint')],
      news: [],
    };
  if (s.matches({ filling: 'provider' }))
    return {
      page: 'provider',
      texts: [
        t('provider.heading'),
        t('provider.channel'),
        t('provider.remote'),
        t('provider.remoteHint'),
        t('provider.token'),
        t('provider.tokenHint'),
      ],
      news: providers.length === 0 ? [t('provider.none')] : [],
    };
  if (s.matches({ filling: { identity: 'how' } }))
    return {
      page: 'identity.how',
      texts: ['heading', 'chip', 'chipHint', 'qr', 'qrHint', 'mrz', 'mrzHint', 'type', 'typeHint'].map((k) => t(`identity.how.${k}`)),
      news: [],
    };
  for (const question of Object.keys(QUESTION_LABELS))
    if (s.matches({ filling: { identity: question as 'idNumber' } }))
      return {
        page: `identity.${question}`,
        texts: [t(`identity.question.${question}`), ...QUESTION_LABELS[question]!.map((k) => t(k))],
        news: errors,
      };
  if (s.matches({ filling: { identity: 'card' } })) {
    const card = cardSpeech(s, t, errorText);
    return { page: `identity.card.${s.context.cardMethod ?? 'chip'}`, texts: card.texts, news: [...card.news, ...errors] };
  }
  if (s.matches({ filling: 'ineligible' }) && s.context.ineligible) {
    const { code, minimumAge } = s.context.ineligible;
    const key =
      code === 'DK_ERR_ELIGIBILITY_SIGNATURE_AGE'
        ? 'signature'
        : code === 'DK_ERR_ELIGIBILITY_EID_GUARDIAN'
          ? 'eidGuardian'
          : 'eidTooYoung';
    return {
      page: 'ineligible',
      texts: [
        t('ineligible.heading'),
        t(`ineligible.${key}.why`, { age: minimumAge }),
        t(`ineligible.${key}.instead`, { age: minimumAge }),
        t('ineligible.mistyped'),
        t('ineligible.fix'),
        t('ineligible.otherService'),
        t('ineligible.finish'),
      ],
      news: [],
    };
  }
  if (s.matches({ filling: 'contact' }))
    return {
      page: 'contact',
      texts: [t('contact.heading'), t('contact.phone'), t('contact.phoneHint'), t('contact.email')],
      news: errors,
    };
  if (s.matches({ filling: 'consent' })) {
    const service = s.context.service;
    const provider = service?.kind === 'digital-signature' ? providers.find((p) => p.id === service.providerId) : undefined;
    return {
      page: 'consent',
      texts: [
        t('consent.heading'),
        t('consent.text'),
        provider ? t('consent.transfer', { provider: provider.name }) : t('consent.eid'),
        t('consent.retention'),
        t('consent.agree'),
        t('consent.decline'),
      ],
      news: [],
    };
  }
  // The summary (and its submission): what it is for and the one decision on it, never the answers read out.
  return {
    page: 'summary',
    texts: [
      t('summary.heading'),
      t('priority.heading'),
      t('priority.who'),
      t(s.context.priority ? 'priority.asked' : 'priority.ask'),
      t('summary.confirm'),
    ],
    news: s.matches('submitting') ? [t('summary.busy')] : s.context.lastErrorCode ? [errorText(s.context.lastErrorCode)] : [],
  };
}

function ticketSpeech(s: KioskSnapshot, t: Translate, errorText: ErrorText): { texts: string[]; news: string[] } {
  const { submitted, service, priority, print, printErrorCode } = s.context;
  const texts = [t('ticket.heading'), t('a11y.audio.ticketNumber', { number: submitted?.ticket.number ?? '' })];
  if (priority) texts.push(t('priority.ticket'));
  if (service) texts.push(t(service.kind === 'eid-level2' ? 'service.eid' : 'service.signature'));
  if (submitted?.wait) texts.push(waitText(t, submitted.wait));
  texts.push(t('ticket.wait'), t('ticket.bring'));
  const news =
    print === 'printing'
      ? [t('ticket.printing')]
      : print === 'printed'
        ? [t('ticket.printed')]
        : print === 'failed'
          ? [t('ticket.printFailed'), ...(printErrorCode ? [errorText(printErrorCode)] : []), t('ticket.retry')]
          : [];
  return { texts, news };
}

export function screenSpeech({ snapshot: s, providers, welcome }: SpeechView, t: Translate, errorText: ErrorText): ScreenSpeech {
  if (s.matches('welcome')) return { screen: 'welcome', texts: welcomeSpeech(welcome, t), news: [] };
  if (s.matches('idleWarning'))
    return {
      screen: 'idle',
      texts: [t('idle.heading'), t('idle.body', { seconds: Math.ceil(KIOSK_IDLE_RESET_MS / 1000) }), t('idle.continue')],
      news: [],
    };
  if (s.matches('declined')) {
    const texts = [
      t('declined.heading'),
      t('declined.why'),
      t('declined.kept'),
      t('declined.instead'),
      t('declined.back'),
      t('declined.done'),
    ];
    return { screen: 'declined', texts, news: [] };
  }
  if (s.matches('ticket')) {
    const ticket = ticketSpeech(s, t, errorText);
    return { screen: `ticket.${s.context.submitted?.ticket.number ?? ''}`, texts: [...ticket.texts, ...ticket.news], news: ticket.news };
  }
  const step = stepSpeech(s, providers, t, errorText);
  return { screen: step.page, texts: [...step.texts, ...step.news], news: step.news };
}
