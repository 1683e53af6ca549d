/**
 * Focus to a new step's heading, so a screen reader reads where the citizen now is and the next
 * Tab starts from the top of the step, not from the page body (WCAG 2.4.3). The heading takes
 * focus only by script (`tabindex="-1"`), and without scrolling the page under the finger.
 */
export function focusHeading(node: HTMLElement): void {
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  queueMicrotask(() => node.focus({ preventScroll: true }));
}
