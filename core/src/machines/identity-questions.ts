import type { FieldErrors } from './kiosk-registration.ts';

/**
 * The identity step typed by hand is one question per page, in this order (an elderly citizen
 * meets one thing at a time, and a wrong answer is explained on the page that asked it). The
 * birth date and the sex share a page: both are printed on the card's same line.
 *
 * Where the flow goes next is decided from the whole identity's check, not from the page order:
 * the first question in order that is still unanswered or wrong. So the pages a card reading
 * already answered are skipped, and a typed identity walks the pages one by one.
 */
export const IDENTITY_QUESTIONS = ['idNumber', 'fullName', 'birth', 'address'] as const;
export type IdentityQuestion = (typeof IDENTITY_QUESTIONS)[number];

/** The identity fields (as the check names them) each question asks. */
const FIELDS: Record<IdentityQuestion, readonly string[]> = {
  idNumber: ['idNumber'],
  fullName: ['fullName'],
  birth: ['birthDate', 'sex'],
  address: ['address'],
};

/** The question that asks `field`; a field no page asks (never expected) is put to the first one, so it is still shown. */
export function questionOf(field: string): IdentityQuestion {
  return IDENTITY_QUESTIONS.find((q) => FIELDS[q].includes(field)) ?? 'idNumber';
}

/** The errors a question's page shows: its own fields' only. */
export function errorsOn(question: IdentityQuestion, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => questionOf(field) === question));
}

/** The first question, in page order, with a wrong or missing answer; null when the identity checks. */
export function firstWrongQuestion(errors: FieldErrors): IdentityQuestion | null {
  return IDENTITY_QUESTIONS.find((q) => Object.keys(errorsOn(q, errors)).length > 0) ?? null;
}

/** The page before `question` when the citizen goes back; null before the first (the "how" page). */
export function questionBefore(question: IdentityQuestion): IdentityQuestion | null {
  return IDENTITY_QUESTIONS[IDENTITY_QUESTIONS.indexOf(question) - 1] ?? null;
}
