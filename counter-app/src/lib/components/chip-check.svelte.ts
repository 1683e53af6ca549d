import type { AgentClient, ChipReadResult } from '@dangky/core/agent';
import type { ErrorCode } from '@dangky/core/errors';
import { comparableName } from '@dangky/core/id';
import type { Identity } from '@dangky/core/schemas';
import { codeOf } from '@dangky/web/shell';

/**
 * The clerk's chip check as a rune adapter (STYLE §14): reads the citizen's card on the counter's
 * reader through the station's agent — opened with the registration's ID number and birth date,
 * with the portrait — and compares the chip's identity with the registration's, field by field.
 * The result lives here only: nothing is stored, and it is gone with the component.
 */
export type ChipCheckPhase = 'idle' | 'reading' | 'done' | 'failed';

export interface FieldCheck {
  field: 'idNumber' | 'fullName' | 'birthDate' | 'sex';
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

export function compareWithChip(registered: Registered, chip: ChipReadResult['identity']): FieldCheck[] {
  return [
    { field: 'idNumber', ok: chip.idNumber === registered.idNumber },
    { field: 'fullName', ok: !!chip.fullName && comparableName(chip.fullName) === comparableName(registered.fullName) },
    { field: 'birthDate', ok: chip.birthDate === registered.birthDate },
    { field: 'sex', ok: chip.sex === registered.sex },
  ];
}

export function createChipCheck(options: { agent: AgentClient; identity: () => Registered }): ChipCheck {
  let phase = $state<ChipCheckPhase>('idle');
  let result = $state.raw<ChipReadResult | null>(null);
  let code = $state<ErrorCode | null>(null);
  const checks = $derived(result ? compareWithChip(options.identity(), result.identity) : []);
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
        result = await options.agent.request('nfc.read-card', { idNumber, birthDate, withPhoto: true });
        phase = 'done';
      } catch (error) {
        [phase, code] = ['failed', codeOf(error)];
      }
    },
  };
}
