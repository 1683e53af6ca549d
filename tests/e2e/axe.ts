import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core, run inside the page in Debian's Chromium, for WCAG 2.2 levels A and AA. The engine
 * is injected with `page.evaluate` (not a script tag), so the apps' content security policy
 * cannot block it and nothing of it ships with the apps. Call `expectAccessible` at every screen
 * and state a journey reaches: welcome, each step, each error, each dialog.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeFinding {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(`if (!window.axe) { ${AXE_SOURCE} }`);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_AA);
}

/** No WCAG 2.2 A/AA violation on what the page shows now; `where` names the state in the failure. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const findings = await axeFindings(page);
  expect(
    findings.map((f) => `${f.rule} (${f.impact}): ${f.help} — ${f.targets.slice(0, 3).join(', ')}`),
    `axe at ${where}`,
  ).toEqual([]);
}

/**
 * The counter's screens: no WCAG 2.2 A/AA violation, and every button, field and menu at least
 * 44 × 44 CSS px (links inside a sentence are exempt, as in WCAG 2.5.5).
 */
export async function expectCounterScreen(page: Page, where: string): Promise<void> {
  await expectAccessible(page, where);
  const small = await smallTargets(
    page,
    'button, select, input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), nav a[href]',
    44,
  );
  expect(small, `targets under 44 px on ${where}`).toEqual([]);
}

/** The visible elements `selector` finds that are smaller than `min` CSS px either way (half a pixel of rounding allowed). */
export async function smallTargets(page: Page, selector: string, min: number): Promise<string[]> {
  return page.evaluate(
    ({ selector, min }) =>
      Array.from(document.querySelectorAll<HTMLElement>(selector))
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({ id: el.dataset.testid ?? el.textContent?.trim() ?? el.tagName, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.height < min - 0.5 || box.width < min - 0.5)
        .map(({ id, box }) => `${id} ${Math.round(box.width)}×${Math.round(box.height)}`),
    { selector, min },
  );
}
