import { handoffKeysResponse, importSitePrivateKey, openRegistration, type HandedOffRegistration } from '@dangky/core/handoff';
import { loginResponse, routes, STAFF_SESSION_HEADER } from '@dangky/core/protocol';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** What global-setup started, as the journeys see it. */
export interface Station {
  id: string;
  kind: 'kiosk' | 'counter' | 'display';
  siteId: string;
  ticketPrefix?: string;
  secret: string;
  agentUrl: string;
  printerLog: string;
  pairLink: string;
  /** `#station=…`: joins a browser to this station's agent only (before an enrolment by code). */
  stationLink: string;
  simulatedCard: { idNumber: string; fullName: string } | null;
  /** Kiosks: the simulated QR scanner's stable path; a line written to it (`payload\r\n`) is a scan. */
  qrScanner: string | null;
  /** Kiosks: the simulated headset jack's file (`plugged` / `unplugged`), read by the agent twice a second. */
  headsetJack?: string | null;
  /** Counters: the CA fault file the agent's CAs re-read on every request (hardware/src/ca/ca-faults.ts). */
  caFaultFile?: string | null;
}
export interface E2eSystem {
  serverUrl: string;
  kioskUrl: string;
  counterUrl: string;
  stations: Station[];
  staff: { username: string; password: string; role: string }[];
  dataDir: string;
  /** Every line the server and the agents printed (global-setup.ts). */
  logFile?: string;
}

export function system(): E2eSystem {
  const raw = process.env.DANGKY_E2E;
  if (!raw) throw new Error('DANGKY_E2E is not set: run through tests/playwright.config.ts');
  return JSON.parse(raw) as E2eSystem;
}

export function station(id: string): Station {
  const s = system().stations.find((x) => x.id === id);
  if (!s) throw new Error(`no station ${id}`);
  return s;
}

export const deviceAuth = (s: Station): string => `Device ${s.id}:${s.secret}`;

/** Who works each demo site's counter. */
const SITE_CLERKS: Record<string, string> = { 'hcm-ben-thanh': 'clerk.benthanh', 'hcm-book-fair': 'clerk.hoisach' };
const counterSessions = new Map<string, string>();

/**
 * A counter's pull headers, as the counter-app sends them: its device authorization and the
 * session of its site's clerk, signed in through that counter (the server gives the queue to
 * nothing less). Signed in once per counter and worker.
 */
export async function counterPullHeaders(counter: Station): Promise<Record<string, string>> {
  if (!counterSessions.has(counter.id)) {
    const username = SITE_CLERKS[counter.siteId];
    const account = system().staff.find((s) => s.username === username);
    if (!account) throw new Error(`no clerk for ${counter.siteId}`);
    const res = await fetch(new URL(routes.login, system().serverUrl), {
      method: 'POST',
      headers: { authorization: deviceAuth(counter), 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password }),
    });
    expect(res.status).toBe(200);
    counterSessions.set(counter.id, loginResponse.parse(await res.json()).token);
  }
  return { authorization: deviceAuth(counter), [STAFF_SESSION_HEADER]: counterSessions.get(counter.id)! };
}

/** Tickets the simulated printer decoded from the ESC/POS bytes it received. */
export async function printedTickets(s: Station): Promise<{ lines: string[]; qrPayload: string | null }[]> {
  if (!existsSync(s.printerLog)) return [];
  const text = await readFile(s.printerLog, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { lines: string[]; qrPayload: string | null });
}

/**
 * Opens the pairing link once, then waits until the app has kept the pairing: the link leaves
 * the address bar before the agent has sealed and the page has stored it, so a test that
 * navigated as soon as the URL changed could leave an unpaired browser behind.
 */
export async function pair(page: Page, s: Station): Promise<void> {
  await page.goto(s.pairLink);
  await expect(page).not.toHaveURL(/#pair=/);
  await expect(page.getByTestId('site-name')).toBeVisible({ timeout: 20_000 });
}

/** Signs a demo staff member in at the counter-app with the password the seed gave them. */
export async function signIn(page: Page, username: string): Promise<void> {
  const account = system().staff.find((s) => s.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
}

/** A command for a counter's simulated USB token (hardware/src/agent/token-sim.ts), played at the agent's next slot poll. */
export type TokenSimCommand = { cmd: 'pull'; atStep?: string } | { cmd: 'insert' } | { cmd: 'wrong-pin'; times: number } | { cmd: 'stock' };

export async function tokenSim(s: Station, command: TokenSimCommand | (TokenSimCommand & { serial?: string })): Promise<void> {
  const { appendFile, readFile, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const control = join(system().dataDir, 'token-sim', s.id, 'control.jsonl');
  await appendFile(control, `${JSON.stringify(command)}\n`);
  // The simulator says how far it has read once it has played the commands (next slot poll).
  const size = (await stat(control)).size;
  await expect
    .poll(async () => Number(await readFile(`${control}.done`, 'utf8').catch(() => '0')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(size);
}

/** Takes the counters' CAs down (`{"*":"unreachable"}`) or brings them back (`{}`). */
export async function setCaFaults(s: Station, faults: Record<string, unknown>): Promise<void> {
  if (!s.caFaultFile) throw new Error(`${s.id} has no CA fault file`);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(s.caFaultFile, JSON.stringify(faults));
}

type Held = { draft: { ticket: { number: string } } };

/** Every registration the server holds for a counter's site, as that counter pulls them (all pages). */
export async function serverRegistrations<T extends Held = Held>(counter: Station): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const url = new URL('/v1/sync/pull', system().serverUrl);
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { headers: await counterPullHeaders(counter) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { registrations: T[]; cursor: string; hasMore: boolean };
    all.push(...body.registrations);
    cursor = body.cursor;
    if (!body.hasMore) return all;
  }
}

/** The server's view of one ticket, as the site's counter pulls it (the latest, should it appear twice). */
export async function heldRegistration<T extends Held = Held>(ticket: string, counter: Station): Promise<T | undefined> {
  return (await serverRegistrations<T>(counter)).findLast((r) => r.draft.ticket.number === ticket);
}

/** A counter in a browser context of its own: paired as `counter`, `clerk` signed in, `ticket` called from the queue. */
export async function callAtCounter(
  browser: Browser,
  counter: Station,
  clerk: string,
  ticket: string,
  viewport = { width: 1440, height: 1400 },
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await pair(page, counter);
  await signIn(page, clerk);
  await page.getByTestId('nav-queue').click();
  await page.getByTestId(`call-${ticket}`).click();
  return { page, context };
}

/**
 * Opens a printed ticket's QR as the site's counter would, with the keys the server delivers to
 * that counter (docs/handoff-ticket.md) — what a clerk's scan does, without the camera.
 */
export async function openTicketQr(counter: Station, qrPayload: string, siteId: string): Promise<HandedOffRegistration> {
  const res = await fetch(new URL(routes.handoffKeys, system().serverUrl), { headers: { authorization: deviceAuth(counter) } });
  expect(res.status).toBe(200);
  const { open = [] } = handoffKeysResponse.parse(await res.json());
  const keys = await Promise.all(open.map(async (k) => ({ kid: k.kid, privateKey: await importSitePrivateKey(k) })));
  return openRegistration(qrPayload, { siteId, keys, now: new Date() });
}
