import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/** What global-setup started, as the journeys see it. */
export interface Station {
  id: string;
  kind: 'kiosk' | 'counter';
  siteId: string;
  ticketPrefix?: string;
  secret: string;
  agentUrl: string;
  printerLog: string;
  pairLink: string;
  simulatedCard: { idNumber: string; fullName: string } | null;
  /** Kiosks: the simulated QR scanner's stable path; a line written to it (`payload\r\n`) is a scan. */
  qrScanner: string | null;
}
export interface E2eSystem {
  serverUrl: string;
  kioskUrl: string;
  counterUrl: string;
  stations: Station[];
  staff: { username: string; password: string; role: string }[];
  dataDir: string;
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

/** Tickets the simulated printer decoded from the ESC/POS bytes it received. */
export async function printedTickets(s: Station): Promise<{ lines: string[]; qrPayload: string | null }[]> {
  if (!existsSync(s.printerLog)) return [];
  const text = await readFile(s.printerLog, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { lines: string[]; qrPayload: string | null });
}

/** Opens the pairing link once, then waits until the app has taken the pairing out of the URL. */
export async function pair(page: Page, s: Station): Promise<void> {
  await page.goto(s.pairLink);
  await expect(page).not.toHaveURL(/#pair=/);
}

/** Signs a demo staff member in at the counter-app with the password the seed gave them. */
export async function signIn(page: Page, username: string): Promise<void> {
  const account = system().staff.find((s) => s.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
}
