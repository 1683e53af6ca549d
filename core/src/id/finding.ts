import { errorRegistry, type ErrorCode } from '../errors/index.ts';

/**
 * What the ID checks tell staff. The code is a registry code (so the apps translate it);
 * the severity says what to do: `error` — do not rely on this reading, `warning` — let staff
 * look (never a rejection, BRIEF §1.1), `info` — for the record (e.g. an MRZ correction).
 * `detail` names fields and sources only, never the values: findings may be logged.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface IdFinding {
  code: ErrorCode;
  severity: Severity;
  message: string;
  detail?: Record<string, string | number>;
}

export const finding = (code: ErrorCode, severity: Severity, detail?: Record<string, string | number>): IdFinding => ({
  code,
  severity,
  message: errorRegistry[code].en,
  ...(detail ? { detail } : {}),
});

export type Sex = 'M' | 'F';
