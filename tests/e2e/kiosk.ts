import { expect, type Browser, type Page } from '@playwright/test';
import { heldRegistration, pair, type Station } from './system.ts';

/** A synthetic citizen (never a real person) as typed at the kiosk. */
export interface Citizen {
  idNumber: string;
  fullName: string;
  birth: { day: string; month: string; year: string };
  sex: 'M' | 'F';
  address: string;
  phone: string;
}

export const citizen = (n: number): Citizen => ({
  idNumber: `0791900${String(n).padStart(5, '0')}`,
  fullName: 'Nguyễn Thị Hồng Nhung',
  birth: { day: '7', month: '3', year: '1990' },
  sex: 'F',
  address: '12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh',
  phone: '0912 345 678',
});

export type KioskService = { kind: 'signature'; channel: 'token' | 'remote'; provider: string } | { kind: 'eid' };

/**
 * Types `person` into the identity step by hand, one question per page: chooses typing, answers
 * the ID number, name, and birth date and sex pages, and fills the address page without
 * continuing (the caller presses Continue).
 */
export async function fillIdentity(page: Page, person: Citizen): Promise<void> {
  await page.getByTestId('how-type').click();
  await page.getByTestId('id-number').fill(person.idNumber);
  await page.getByTestId('next').click();
  await page.getByTestId('full-name').fill(person.fullName);
  await page.getByTestId('next').click();
  await page.getByTestId('birth-day').fill(person.birth.day);
  await page.getByTestId('birth-month').fill(person.birth.month);
  await page.getByTestId('birth-year').fill(person.birth.year);
  await page.getByTestId(`sex-${person.sex}`).click();
  await page.getByTestId('next').click();
  await page.getByTestId('address').fill(person.address);
}

/** Walks the kiosk from the welcome screen to the ticket; returns the ticket number on screen. `priority`: asked for on the summary. */
export async function registerAtKiosk(
  page: Page,
  person: Citizen,
  service: KioskService,
  options: { priority?: boolean } = {},
): Promise<string> {
  await page.getByTestId('start').click();
  if (service.kind === 'signature') {
    await page.getByTestId('service-signature').click();
    await page.getByTestId(`channel-${service.channel}`).click();
    await page.getByTestId(`provider-${service.provider}`).click();
    await page.getByTestId('next').click();
  } else {
    await page.getByTestId('service-eid').click();
  }
  await fillIdentity(page, person);
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill(person.phone);
  await page.getByTestId('next').click();
  await page.getByTestId('consent-agree').click();
  await expect(page.getByTestId('summary-name')).toHaveText(person.fullName);
  if (options.priority) {
    await page.getByTestId('priority').click();
    await expect(page.getByTestId('priority')).toHaveAttribute('aria-pressed', 'true');
  }
  await page.getByTestId('confirm').click();
  const ticket = page.getByTestId('ticket-number');
  await expect(ticket).toHaveText(/^[A-Z]{1,2}-\d{3,4}$/);
  return (await ticket.textContent())!.trim();
}

/**
 * From the identity step on: phone, consent, confirm; waits until the kiosk has synced and
 * returns the ticket number. `changedAddress`: the address changed on the summary first (its
 * Change link), as a citizen corrects what a card read filled in.
 */
export async function finishFromIdentity(page: Page, phone = '0987654321', changedAddress?: string): Promise<string> {
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill(phone);
  await page.getByTestId('next').click();
  await page.getByTestId('consent-agree').click();
  if (changedAddress !== undefined) {
    await page.getByTestId('change-address').click();
    await page.getByTestId('address').fill(changedAddress);
    await page.getByTestId('next').click();
  }
  await page.getByTestId('confirm').click();
  const ticket = (await page.getByTestId('ticket-number').textContent())!.trim();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  return ticket;
}

/** Registers `person` at `kiosk` in a browser context of its own, closed once the registration has synced; the ticket. */
export async function registerInNewKiosk(browser: Browser, kiosk: Station, person: Citizen, service: KioskService): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await pair(page, kiosk);
  const ticket = await registerAtKiosk(page, person, service);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  await context.close();
  return ticket;
}

/** The identity the server holds for a ticket, as the site's counter pulls it. */
export async function registeredIdentity(ticket: string, counter: Station): Promise<Record<string, unknown>> {
  const found = await heldRegistration<{ draft: { ticket: { number: string }; identity: Record<string, unknown> } }>(ticket, counter);
  if (!found) throw new Error(`ticket ${ticket} is not on the server`);
  return found.draft.identity;
}
