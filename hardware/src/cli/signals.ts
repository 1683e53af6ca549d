/** Resolves when the technician stops a long-running command (Ctrl+C, or SIGTERM from a supervisor). */
export const untilStopped = (): Promise<void> => new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
