import type { ReceiptPrintJob } from '@dangky/core/agent';
import type { IssuanceReceipt, IssuanceSubject } from '@dangky/core/machines';
import { maskId } from '../queue/mask.ts';

/**
 * The issuance receipt as the counter's ticket printer gets it (`printer.print-receipt`): the
 * same facts as on screen, already translated. The ID number goes masked; no PIN is anywhere
 * near it. `t` is the page's translate function. The clerk who issued it is named, and the
 * paper has a line for the citizen's signature (they received the token) and the clerk's: the
 * receipt is the programme's record on paper that the right person got it from a named person.
 */
/** "Until the end of 22/11/2027", or that nothing is free. */
export const freePeriodText = (t: (key: string, values?: Record<string, string>) => string, freeUntil: string | null): string =>
  freeUntil ? t('issuance.freeUntil', { day: freeUntil.split('-').reverse().join('/') }) : t('issuance.notFree');

export function receiptJob(options: {
  t: (key: string, values?: Record<string, string>) => string;
  language: 'vi' | 'en';
  siteName: string;
  receipt: IssuanceReceipt;
  subject: IssuanceSubject;
  providerName: string;
  /** The signed-in clerk's name, as on their account. */
  clerkName: string;
  /** The last free day (YYYY-MM-DD) under the provider's programme terms; null: nothing free; absent: not said. */
  freeUntil?: string | null;
  now?: Date;
}): ReceiptPrintJob {
  const { t, receipt, subject } = options;
  const day = (iso: string) =>
    new Date(iso).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
  const printedAt = (options.now ?? new Date()).toLocaleString('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return {
    siteName: cut(options.siteName || '—', 80),
    heading: cut(t('issuance.receiptHeading'), 64),
    fields: [
      { label: t('issuance.holder'), value: subject.fullName },
      { label: t('detail.idNumber'), value: maskId(subject.idNumber).replaceAll('•', '*') },
      { label: t('issuance.certificateSerial'), value: receipt.certificateSerial },
      { label: t('issuance.tokenSerial'), value: receipt.tokenSerial },
      { label: t('issuance.validity'), value: t('issuance.validityRange', { from: day(receipt.notBefore), to: day(receipt.notAfter) }) },
      ...(options.freeUntil === undefined ? [] : [{ label: t('issuance.freePeriod'), value: freePeriodText(t, options.freeUntil) }]),
      { label: t('detail.provider'), value: cut(options.providerName || '—', 120) },
      { label: t('issuance.clerk'), value: options.clerkName || '—' },
    ].map((f) => ({ label: cut(f.label, 40), value: cut(f.value, 120) })),
    howTo: [
      t('issuance.howTo1'),
      t('issuance.howTo2'),
      t('issuance.howTo3'),
      t('issuance.howTo4', { name: subject.fullName }),
      t('issuance.howTo5'),
    ].map((s) => cut(s, 200)),
    signatures: [
      { label: cut(t('issuance.signCitizen'), 40), name: cut(subject.fullName, 80) },
      { label: cut(t('issuance.signClerk'), 40), name: cut(options.clerkName, 80) },
    ],
    printedAtText: printedAt,
    language: options.language,
  };
}
