import { DangkyError, errorRegistry } from '@dangky/core/errors';
import { pinEntryProblem } from '@dangky/core/token';

/**
 * PINs typed at the technician's terminal for `dangky-hw token issue|unblock` when no PIN file
 * is given: the terminal goes to raw mode so nothing is echoed (not even a mask: the length of
 * a PIN is part of the secret), Backspace edits, Enter ends, Ctrl-C or Ctrl-D cancels. A new
 * PIN is typed twice and checked against the citizen PIN policy (core/src/token/pin-policy.ts)
 * with the reason shown in Vietnamese and English; three tries. Standard input that is not a
 * terminal is refused — a PIN is never read from a pipe, and never from arguments.
 */

export interface PromptTty {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

export const isTerminal = (tty: PromptTty): boolean => tty.input.isTTY === true && typeof tty.input.setRawMode === 'function';

export function notATerminal(what: string): DangkyError {
  return new DangkyError('DK_ERR_VALIDATION', {
    message: `${what}: no file given and standard input is not a terminal; give the file option or run in a terminal (a PIN is never read from a pipe or an argument)`,
  });
}

/** Reads one line without echo; rejects with DK_ERR_VALIDATION when cancelled. */
export function promptSecret(label: string, tty: PromptTty): Promise<string> {
  if (!isTerminal(tty)) return Promise.reject(notATerminal(label));
  const { input, output } = tty;
  // Echo off before the prompt shows: a PIN typed (or pasted) the moment the prompt appears is not echoed either.
  input.setRawMode!(true);
  output.write(label);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: DangkyError) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && typed === ''))
          return finish(new DangkyError('DK_ERR_VALIDATION', { message: 'cancelled' }));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** A new citizen PIN, typed twice and checked against the policy; up to `tries` rounds. */
export async function promptNewPin(tty: PromptTty, tries = 3): Promise<string> {
  for (let round = 1; ; round++) {
    const pin = await promptSecret('Mã PIN mới (6–8 chữ số) / New PIN (6–8 digits): ', tty);
    const again = await promptSecret('Nhập lại mã PIN / Repeat the PIN: ', tty);
    const problem = pinEntryProblem(pin, again);
    if (!problem) return pin;
    tty.output.write(`${errorRegistry[problem].vi} (${errorRegistry[problem].en})\n`);
    if (round >= tries) throw new DangkyError(problem);
  }
}
