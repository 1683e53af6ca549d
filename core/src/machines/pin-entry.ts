import { assign, type EventObject } from 'xstate';
import { PIN_MAX_LENGTH, pinProblem, type PinProblem } from '../token/pin-policy.ts';

/**
 * The citizen's new PIN on the counter keypad, typed twice, as both the issuance and the
 * unblock ("Tra cứu token") take it: one set of guards and context updates, so the two
 * statecharts cannot drift on the policy or on how the PIN is wiped. Each machine keeps its
 * own PIN state (where a cancel, an idle keypad or a pulled token leads differs); the guards and
 * actions fill its `setup`, and `pinTwiceStates` is the typed-twice part inside that state.
 */
export interface PinEntryContext {
  /** The PIN entry on the keypad, digits only; empty outside PIN entry. */
  entry: string;
  /** The first entry, while the citizen types it again; null otherwise. */
  firstEntry: string | null;
  pinProblem: PinProblem | 'DK_ERR_TOKEN_PIN_MISMATCH' | null;
}

/** The keypad's events: the same for both machines, so one keypad serves both. */
export type PinEntryEvent = { type: 'pin.digit'; digit: string } | { type: 'pin.erase' } | { type: 'pin.submit' } | { type: 'pin.cancel' };

/** What a context holds once the PIN is gone. */
export const pinWiped = { entry: '', firstEntry: null } as const;

type Args = { context: PinEntryContext; event: EventObject };

export const pinEntryGuards = {
  isDigit: ({ event }: Args) => event.type === 'pin.digit' && /^[0-9]$/.test((event as { digit?: string }).digit ?? ''),
  hasRoom: ({ context }: Args) => context.entry.length < PIN_MAX_LENGTH,
  isPinAcceptable: ({ context }: Args) => pinProblem(context.entry) === null,
  isPinConfirmed: ({ context }: Args) => context.firstEntry !== null && context.entry === context.firstEntry,
};

/** The keypad's context updates, for a machine whose context includes PinEntryContext. */
export function pinEntryActions<TContext extends PinEntryContext, TEvent extends EventObject>() {
  return {
    appendDigit: assign<TContext, TEvent, undefined, TEvent, never>(
      ({ context, event }) =>
        ({
          entry: event.type === 'pin.digit' ? context.entry + (event as { digit?: string }).digit : context.entry,
          pinProblem: null,
        }) as Partial<TContext>,
    ),
    eraseDigit: assign<TContext, TEvent, undefined, TEvent, never>(
      ({ context }) => ({ entry: context.entry.slice(0, -1) }) as Partial<TContext>,
    ),
    keepFirstEntry: assign<TContext, TEvent, undefined, TEvent, never>(
      ({ context }) => ({ firstEntry: context.entry, entry: '', pinProblem: null }) as Partial<TContext>,
    ),
    refuseWeakPin: assign<TContext, TEvent, undefined, TEvent, never>(
      ({ context }) => ({ entry: '', pinProblem: pinProblem(context.entry) }) as Partial<TContext>,
    ),
    refuseMismatch: assign<TContext, TEvent, undefined, TEvent, never>(
      () => ({ ...pinWiped, pinProblem: 'DK_ERR_TOKEN_PIN_MISMATCH' }) as Partial<TContext>,
    ),
    wipePin: assign<TContext, TEvent, undefined, TEvent, never>(() => ({ ...pinWiped, pinProblem: null }) as Partial<TContext>),
  };
}

/**
 * The two entries inside a machine's PIN state: the first is checked against the PIN policy, the
 * second must repeat it; `confirmed` is where a repeated PIN leads (an id path such as
 * `#tokenIssuance.issuing`). A mismatch wipes both and starts again.
 */
export function pinTwiceStates<const Confirmed extends string>(confirmed: Confirmed) {
  return {
    first: {
      on: {
        'pin.submit': [{ guard: 'isPinAcceptable', target: 'confirm', actions: 'keepFirstEntry' }, { actions: 'refuseWeakPin' }],
      },
    },
    confirm: {
      on: {
        'pin.submit': [
          { guard: 'isPinConfirmed', target: confirmed },
          { target: 'first', actions: 'refuseMismatch' },
        ],
      },
    },
  } as const;
}
