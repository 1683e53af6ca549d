import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptNewPin, promptSecret, type PromptTty } from './pin-prompt.ts';

/** The PIN prompt on a fake terminal: raw mode on while typing and off after, nothing echoed, the policy and the match checked. */

function fakeTty(isTTY = true) {
  const input = Object.assign(new PassThrough(), {
    isTTY,
    rawModes: [] as boolean[],
    setRawMode(raw: boolean) {
      this.rawModes.push(raw);
      return this;
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  // Type each answer once the prompt for it is on the screen, as a person would.
  const answer = (lines: string[]) => {
    let prompts = 0;
    output.on('data', (chunk: Buffer) => {
      if (/: $/.test(chunk.toString()) && prompts < lines.length) setImmediate(() => input.write(lines[prompts++]!));
    });
  };
  return { tty: { input, output } as PromptTty, input, shown: () => shown, answer };
}

describe('PIN prompt', () => {
  it('reads a line in raw mode without echo; Backspace edits', async () => {
    const t = fakeTty();
    t.answer(['5829x\u007f17\r']);
    expect(await promptSecret('PIN: ', t.tty)).toBe('582917');
    expect(t.input.rawModes).toEqual([true, false]);
    expect(t.shown()).toBe('PIN: \n');
  });

  it('asks a new PIN twice; a weak PIN and a mismatch are named and asked again; never echoed', async () => {
    const t = fakeTty();
    t.answer(['123456\r', '123456\r', '482915\r', '482916\r', '482915\r', '482915\r']);
    expect(await promptNewPin(t.tty)).toBe('482915');
    expect(t.shown()).toContain('dãy số liên tiếp');
    expect(t.shown()).toContain('The two PIN entries differ');
    // (123456 appears in the policy message itself, as its example.)
    expect(t.shown()).not.toMatch(/482915|482916/);
  });

  it('gives up after three rounds with the code of the last problem', async () => {
    const t = fakeTty();
    t.answer(Array.from({ length: 6 }, () => '111111\r'));
    await expect(promptNewPin(t.tty)).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_PIN_REPEATED' });
  });

  it('Ctrl-C cancels and restores the terminal', async () => {
    const t = fakeTty();
    t.answer(['48\u0003']);
    await expect(promptSecret('PIN: ', t.tty)).rejects.toMatchObject({ code: 'DK_ERR_VALIDATION', message: 'cancelled' });
    expect(t.input.rawModes).toEqual([true, false]);
  });

  it('refuses standard input that is not a terminal, without reading it', async () => {
    const t = fakeTty(false);
    t.input.write('482915\n');
    await expect(promptSecret('PIN: ', t.tty)).rejects.toMatchObject({
      code: 'DK_ERR_VALIDATION',
      message: expect.stringContaining('not a terminal'),
    });
    expect(t.input.rawModes).toEqual([]);
  });
});
