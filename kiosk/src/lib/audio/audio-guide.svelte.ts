import { planSpeech, type SpeechPack } from './speech-plan.ts';

/**
 * The audio guidance: the pre-synthesised clips of `static/audio/` played one after another in
 * one audio element (a headset at the kiosk). Offline by construction: the clips are this build's
 * own static files, precached by the service worker; there is no network voice. Loaded with the
 * flow (AudioGuidance.svelte), never with the first screen; the manifest is read on first use.
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
  /** The clip being played (its path), and how many clips have started playing since the page opened. */
  clip = $state<string | null>(null);
  played = $state(0);
  #packs: Partial<Record<Language, SpeechPack>> = {};
  #manifest: Promise<Manifest> | null = null;
  #audio: HTMLAudioElement | null = null;
  #run = 0;
  #finish: (() => void) | null = null;

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
    this.#interrupt();
    if (!this.enabled) return;
    const pack = await this.#pack(language).catch(() => {
      // A build without its pack, or a cache that lost it: silent now, tried again next time.
      this.#manifest = null;
      return null;
    });
    if (!pack) return;
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
    if (run === this.#run) {
      this.saying = null;
      this.clip = null;
    }
  }

  /**
   * Ends the clip being played at once. Its promise is settled here, not by the element's
   * `pause` event: that event arrives a task later, when the next clip may already be loading,
   * and would end the new clip instead.
   */
  #interrupt(): void {
    this.#audio?.pause();
    this.#finish?.();
  }

  #play(src: string): Promise<void> {
    this.#audio ??= new Audio();
    const audio = this.#audio;
    return new Promise((resolve) => {
      const started = () => this.played++;
      const done = () => {
        audio.removeEventListener('playing', started);
        audio.removeEventListener('ended', done);
        audio.removeEventListener('error', done);
        if (this.#finish === done) this.#finish = null;
        resolve();
      };
      this.#finish = done;
      audio.addEventListener('playing', started, { once: true });
      audio.addEventListener('ended', done);
      audio.addEventListener('error', done);
      audio.src = src;
      this.clip = src;
      // A blocked or failed play must not stop the guidance: the next clip is tried.
      audio.play().catch(done);
    });
  }

  stop(): void {
    this.#run++;
    this.#interrupt();
    this.saying = null;
    this.clip = null;
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.stop();
  }
}

/** An element's name as a person hears it: its label if it has one, else its text. */
export function spokenName(el: HTMLElement): string {
  return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
}
