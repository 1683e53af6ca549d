import { planSpeech, type SpeechPack } from './speech-plan.ts';

/**
 * The audio guidance: the pre-synthesised clips of `static/audio/` played one after another in
 * one audio element (a headset at the kiosk). Offline by construction: the clips are this build's
 * own static files, precached by the service worker; there is no network voice. Loaded on the
 * first use (a headset plugged in, or "Nghe hướng dẫn"), never with the first screen.
 *
 * `speak()` replaces what is being said: a new screen or a new tap interrupts the old one.
 */
type Language = 'vi' | 'en';

interface Manifest {
  languages: Record<Language, { clips: string[]; templates: string[] }>;
}

export class AudioGuide {
  enabled = $state(false);
  /** What is being said now (for the screen's live region and for tests). */
  saying = $state<string | null>(null);
  #packs: Partial<Record<Language, SpeechPack>> = {};
  #manifest: Promise<Manifest> | null = null;
  #audio: HTMLAudioElement | null = null;
  #run = 0;

  constructor(private readonly base = '/audio') {}

  #load(): Promise<Manifest> {
    this.#manifest ??= fetch(`${this.base}/manifest.json`).then((r) => {
      if (!r.ok) throw new Error(`audio manifest: HTTP ${r.status}`);
      return r.json() as Promise<Manifest>;
    });
    return this.#manifest;
  }

  async #pack(language: Language): Promise<SpeechPack> {
    const m = await this.#load();
    // Read-only once built, never reactive state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    return (this.#packs[language] ??= { clips: new Set(m.languages[language].clips), templates: m.languages[language].templates });
  }

  /** Say these texts in order, in `language`; texts with no clip are skipped. */
  async speak(texts: string[], language: Language): Promise<void> {
    const run = ++this.#run;
    this.#audio?.pause();
    if (!this.enabled) return;
    const pack = await this.#pack(language);
    for (const text of texts) {
      const plan = planSpeech(text, pack);
      if (!plan || plan.length === 0) continue;
      if (run !== this.#run) return;
      this.saying = text;
      for (const id of plan) {
        if (run !== this.#run) return;
        await this.#play(`${this.base}/${language}/${id}.ogg`);
      }
    }
    if (run === this.#run) this.saying = null;
  }

  #play(src: string): Promise<void> {
    this.#audio ??= new Audio();
    const audio = this.#audio;
    return new Promise((resolve) => {
      const done = () => {
        audio.removeEventListener('ended', done);
        audio.removeEventListener('error', done);
        audio.removeEventListener('pause', done);
        resolve();
      };
      audio.addEventListener('ended', done);
      audio.addEventListener('error', done);
      audio.addEventListener('pause', done);
      audio.src = src;
      // A blocked or failed play must not stop the guidance: the next clip is tried.
      audio.play().catch(done);
    });
  }

  stop(): void {
    this.#run++;
    this.#audio?.pause();
    this.saying = null;
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.stop();
  }
}

/**
 * What a screen says when it appears: its heading, then the question, the hints, the choices and
 * the errors, in reading order. The keyboards' keys are said only when touched.
 */
export function screenTexts(root: ParentNode): string[] {
  const nodes = root.querySelectorAll<HTMLElement>('h1, h2, h3, p, legend, label, button, a[href], [role="alert"] li');
  return [...nodes]
    .filter((el) => !el.closest('[data-key], [aria-hidden="true"], .visually-hidden') && el.offsetParent !== null)
    .filter((el) => !(el.tagName === 'P' && el.closest('label, button')))
    .map(spokenName)
    .filter((t) => t !== '');
}

/** An element's name as a person hears it: its label if it has one, else its text. */
export function spokenName(el: HTMLElement): string {
  return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
}
