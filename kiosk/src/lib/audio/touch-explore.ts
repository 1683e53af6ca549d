import { spokenName } from './audio-guide.svelte.ts';

/**
 * Touch-explore for a citizen who cannot read the screen: the first tap on anything says what it
 * is and chooses nothing; a second tap on the same thing within `windowMs` chooses it (the
 * pattern of phone screen readers). Text that cannot be chosen is said on every tap. Installed
 * only while the audio guidance is on; returns the uninstaller.
 */
const ACTIONABLE = 'button, a[href], input, select, textarea, [role="button"], [role="radio"], [role="checkbox"]';

export function installTouchExplore(
  root: HTMLElement,
  say: (text: string) => void,
  { windowMs = 1500, now = () => performance.now() }: { windowMs?: number; now?: () => number } = {},
): () => void {
  let armed: { el: Element; at: number } | null = null;

  const onClick = (event: MouseEvent) => {
    // Clicks made by script (a label forwarding to its input, tests) are not touches.
    if (!event.isTrusted) return;
    const target = event.target instanceof Element ? event.target : null;
    // The guidance's own toggle always acts on the first tap: whoever turned it on by mistake
    // turns it off at once.
    if (!target || target.closest('[data-audio-toggle]')) return;
    const actionable = target.closest(ACTIONABLE);
    if (actionable && armed?.el === actionable && now() - armed.at <= windowMs) {
      armed = null;
      actionable.removeAttribute('data-explored');
      return; // the second tap: let it choose
    }
    const spoken = (actionable ?? target.closest('h1, h2, h3, p, li, legend, label, [role="alert"]')) as HTMLElement | null;
    if (!spoken) return;
    if (actionable) {
      event.preventDefault();
      event.stopImmediatePropagation();
      armed?.el.removeAttribute('data-explored');
      armed = { el: actionable, at: now() };
      actionable.setAttribute('data-explored', '');
    }
    say(spokenName(spoken));
  };

  root.addEventListener('click', onClick, { capture: true });
  return () => {
    root.removeEventListener('click', onClick, { capture: true });
    armed?.el.removeAttribute('data-explored');
  };
}
