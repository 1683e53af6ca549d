import { maskIdNumber } from '@dangky/core/schemas';

/**
 * What the counter screen shows of contact data: enough to ask "is your number 091…678?",
 * not enough for a passer-by to copy it (BRIEF §4). The ID number is masked until the clerk
 * asks to compare it in full with the card.
 */
export const maskPhone = (phone: string): string =>
  phone.length > 6 ? `${phone.slice(0, 3)}${'•'.repeat(phone.length - 6)}${phone.slice(-3)}` : '•'.repeat(phone.length);

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•'.repeat(email.length);
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1))}${'•'.repeat(Math.max(1, local.length - 2))}${email.slice(at)}`;
}

export const maskId = (id: string): string => maskIdNumber(id).replace(/\*/g, '•');
