/**
 * The shape of one entry in the error registry. Every error the system shows or returns
 * has a stable code (`DK_ERR_*`), the HTTP status a server answers with, an English log
 * message, and a message key the apps translate (Vietnamese first, English one tap away).
 */
export interface ErrorSpec {
  /** HTTP status for the sync-server and the agent's HTTP-like replies. */
  readonly status: number;
  /** English, for logs and technicians. Never contains personal data. */
  readonly en: string;
  /** Vietnamese, for citizens and clerks (the apps' i18n catalogues may refine wording). */
  readonly vi: string;
}

export const defineCodes = <const T extends Record<`DK_ERR_${string}`, ErrorSpec>>(codes: T): T => codes;
