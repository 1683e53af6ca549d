import { z } from 'zod';
import { administrationCodes } from './codes/administration.ts';
import { agentCodes } from './codes/agent.ts';
import { citizenInputCodes } from './codes/citizen-input.ts';
import { commonCodes } from './codes/common.ts';
import { eventCodes } from './codes/events.ts';
import { gateCodes } from './codes/gates.ts';
import { chipCodes } from './codes/chip.ts';
import { counterCodes } from './codes/counter.ts';
import { idCardCodes } from './codes/id-card.ts';
import { tokenCodes } from './codes/token.ts';
import { queueCodes } from './codes/queue.ts';
import { handoffCodes } from './codes/handoff.ts';
import { privacyCodes } from './codes/privacy.ts';
import { storageCodes } from './codes/storage.ts';
import type { ErrorSpec } from './define.ts';

/**
 * The one registry of error codes. Each area keeps its codes in `codes/<area>.ts`;
 * this file only merges them, so two areas cannot claim the same code silently
 * (see registry.test.ts).
 */
export const errorRegistry = {
  ...commonCodes,
  ...eventCodes,
  ...citizenInputCodes,
  ...agentCodes,
  ...chipCodes,
  ...counterCodes,
  ...tokenCodes,
  ...idCardCodes,
  ...queueCodes,
  ...administrationCodes,
  ...gateCodes,
  ...handoffCodes,
  ...privacyCodes,
  ...storageCodes,
} as const satisfies Record<string, ErrorSpec>;

export const codeGroups = {
  commonCodes,
  eventCodes,
  citizenInputCodes,
  agentCodes,
  chipCodes,
  counterCodes,
  tokenCodes,
  idCardCodes,
  queueCodes,
  administrationCodes,
  gateCodes,
  handoffCodes,
  privacyCodes,
  storageCodes,
} as const;

export type ErrorCode = keyof typeof errorRegistry;

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(errorRegistry, value);

/** An error code where one crosses a boundary (an HTTP answer, a stored row): one of the registry's. */
export const errorCode = z.enum(Object.keys(errorRegistry) as [ErrorCode, ...ErrorCode[]]);
