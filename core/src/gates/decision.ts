import type { ErrorCode } from '../errors/registry.ts';

/**
 * What a gate answers: go, or a refusal with its own registry code (the clerk's screen and the
 * server's push rejection show the same code and message). A refusal may carry what the person
 * needs to act on it — never a personal value, only field names, ages, dates of rules, ids.
 */
export type GateDecision<Detail = Record<never, never>> = { ok: true } | ({ ok: false; code: ErrorCode } & Detail);

export const pass = { ok: true } as const;
