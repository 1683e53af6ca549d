import { expect, type Page } from '@playwright/test';

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

/** Walks the kiosk from the welcome screen to the ticket; returns the ticket number on screen. */
export async function registerAtKiosk(page: Page, person: Citizen, service: KioskService): Promise<string> {
  await page.getByTestId('start').click();
  if (service.kind === 'signature') {
    await page.getByTestId('service-signature').click();
    await page.getByTestId(`channel-${service.channel}`).click();
    await page.getByTestId(`provider-${service.provider}`).click();
    await page.getByTestId('next').click();
  } else {
    await page.getByTestId('service-eid').click();
  }
  await page.getByTestId('id-number').fill(person.idNumber);
  await page.getByTestId('full-name').fill(person.fullName);
  await page.getByTestId('birth-day').fill(person.birth.day);
  await page.getByTestId('birth-month').fill(person.birth.month);
  await page.getByTestId('birth-year').fill(person.birth.year);
  await page.getByTestId(`sex-${person.sex}`).click();
  await page.getByTestId('address').fill(person.address);
  await page.getByTestId('next').click();
  await page.getByTestId('phone').fill(person.phone);
  await page.getByTestId('next').click();
  await page.getByTestId('consent-agree').click();
  await expect(page.getByTestId('summary-name')).toHaveText(person.fullName);
  await page.getByTestId('confirm').click();
  const ticket = page.getByTestId('ticket-number');
  await expect(ticket).toHaveText(/^[A-Z]{1,2}-\d{3,4}$/);
  return (await ticket.textContent())!.trim();
}
