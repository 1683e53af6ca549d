/**
 * A benchmark's command-line flags (`--name value`), with the default the bench prints when the
 * flag is left out. Benchmarks take few flags and no positional arguments, so a look-up is enough.
 */
export function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}

export const numberArg = (name: string, fallback: number): number => Number(stringArg(name, String(fallback)));
