import type { AgentClient, ChipReadResult } from '@dangky/core/agent';
import type { ErrorCode } from '@dangky/core/errors';
import { CHIP_COMPARED_FIELDS, compareWithChip, type ChipComparedField, type FieldMatch } from '@dangky/core/gates';
import type { Identity } from '@dangky/core/schemas';
import { codeOf } from '@dangky/web/shell';

/**
 * The clerk's chip check as a rune adapter (STYLE §14): reads the citizen's card on the counter's
 * reader through the station's agent — opened with the registration's ID number and birth date,
 * with the portrait — and compares the chip's identity with the registration's, field by field
 * (core's comparison, the one the identity gate decides on). The chip's values live here only and
 * are gone with the component; `onread` hands the read to the page, which records its verdict and
 * per-field outcomes (never the values) as `identity.chip-read`.
 */
export type ChipCheckPhase = 'idle' | 'reading' | 'done' | 'failed';

export interface FieldCheck {
  field: ChipComparedField;
  state: FieldMatch;
  ok: boolean;
}

export interface ChipCheck {
  readonly phase: ChipCheckPhase;
  readonly result: ChipReadResult | null;
  readonly code: ErrorCode | null;
  /** Each compared field, once the chip was read. */
  readonly checks: FieldCheck[];
  /** Every compared field matches. */
  readonly allMatch: boolean;
  read(): Promise<void>;
}

type Registered = Pick<Identity, 'idNumber' | 'fullName' | 'birthDate' | 'sex'>;

export function fieldChecks(registered: Registered, chip: ChipReadResult['identity']): FieldCheck[] {
  const matches = compareWithChip(registered, chip);
  return CHIP_COMPARED_FIELDS.map((field) => ({ field, state: matches[field], ok: matches[field] === 'match' }));
}

export function createChipCheck(options: {
  agent: AgentClient;
  identity: () => Registered;
  onread?: (result: ChipReadResult) => Promise<void> | void;
}): ChipCheck {
  let phase = $state<ChipCheckPhase>('idle');
  let result = $state.raw<ChipReadResult | null>(null);
  let code = $state<ErrorCode | null>(null);
  const checks = $derived(result ? fieldChecks(options.identity(), result.identity) : []);
  const allMatch = $derived(checks.length > 0 && checks.every((c) => c.ok));
  return {
    get phase() {
      return phase;
    },
    get result() {
      return result;
    },
    get code() {
      return code;
    },
    get checks() {
      return checks;
    },
    get allMatch() {
      return allMatch;
    },
    async read() {
      const { idNumber, birthDate } = options.identity();
      [phase, result, code] = ['reading', null, null];
      try {
        const read = await options.agent.request('nfc.read-card', { idNumber, birthDate, withPhoto: true });
        await options.onread?.(read);
        [phase, result] = ['done', read];
      } catch (error) {
        [phase, code] = ['failed', codeOf(error)];
      }
    },
  };
}
