import { DangkyError, errorRegistry } from '@dangky/core/errors';

/**
 * A start refused for the storage's sake ends here: the code, what was found and the operator's
 * next step on stderr (a human reads it in the journal), and exit code 78 (EX_CONFIG) — a
 * supervisor told `RestartPreventExitStatus=78` stops retrying a start that cannot succeed until
 * someone acts. Anything unexpected keeps its stack trace and exit code 1.
 */
export const REFUSED_EXIT_CODE = 78;

export function refuseToStart(err: unknown): never {
  if (err instanceof DangkyError) {
    const reason = typeof err.detail?.reason === 'string' ? err.detail.reason : undefined;
    process.stderr.write(
      [
        `dangky sync-server refuses to start: ${err.code}`,
        ...(reason ? [`  found: ${reason}`] : []),
        ...(err.detail?.dataDir ? [`  DATA_DIR: ${String(err.detail.dataDir)}`] : []),
        `  next step: ${errorRegistry[err.code].en}`,
        '',
      ].join('\n'),
    );
    process.exit(REFUSED_EXIT_CODE);
  }
  throw err;
}

/** The storage's options themselves are wrong. */
export function refuseSettings(message: string): never {
  process.stderr.write(`dangky sync-server refuses to start: ${message}\n`);
  process.exit(REFUSED_EXIT_CODE);
}
