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

/** Every command group, each loaded only when asked for. A new group is one line here. */
const groups: Record<string, { about: string; load: () => Promise<{ run: CliGroup }> }> = {
  printer: { about: 'ticket printer: status, test print', load: () => import('./printer.ts') },
  card: { about: 'chip reader: read a citizen card, run the simulator', load: () => import('./card.ts') },
  agent: { about: 'hardware agent: serve the devices to the kiosk / counter page', load: () => import('./agent.ts') },
  id: { about: 'printed card data: parse a QR payload or an MRZ, with checks', load: () => import('./id.ts') },
  token: { about: 'signing tokens (PKCS#11): list, issue with the built-in CA', load: () => import('./token.ts') },
  qr: { about: 'QR scanner: run the simulator (payloads from stdin)', load: () => import('./qr.ts') },
};

const defaultIo: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
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
