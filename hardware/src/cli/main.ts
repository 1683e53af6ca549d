/**
 * `dangky-hw <group> <command> …`. Each group lives in its own file and is loaded only when
 * asked for, so a broken OCR dependency cannot stop a technician from listing tokens.
 * Exit codes: 0 valid / done, 1 read but failed checks, 2 unreadable input or unusable device.
 */
export type CliGroup = (args: string[], io: CliIo) => Promise<number>;
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where a PIN prompt reads and writes; default the process's stdin and stderr (tests pass a fake terminal). */
  tty?: import('./pin-prompt.ts').PromptTty;
}

const groups: Record<string, { about: string; load: () => Promise<{ run: CliGroup }> }> = {
  printer: { about: 'ticket printer: status, test print', load: () => import('./printer.ts') },
};

export function registerGroup(name: string, about: string, load: () => Promise<{ run: CliGroup }>): void {
  groups[name] = { about, load };
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  await import('./groups.ts');
  const [group, ...rest] = argv;
  const entry = group ? groups[group] : undefined;
  if (!entry) {
    io.err('usage: dangky-hw <group> <command> [options]\n');
    for (const [name, g] of Object.entries(groups)) io.err(`  ${name.padEnd(10)} ${g.about}`);
    return 2;
  }
  const { run } = await entry.load();
  return run(rest, io);
}
