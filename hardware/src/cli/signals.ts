/**
 * Announces a long-running command as ready (`announce`: printing its path or URL) and resolves
 * when the technician stops it (Ctrl+C, or SIGTERM from a supervisor). The signals are listened
 * for before `announce` runs: whoever reads the ready line may stop the command at once, and a
 * signal that came before the listener would kill it by the default action (seen under load).
 */
export function untilStopped(announce: () => void): Promise<void> {
  const stopped = new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  announce();
  return stopped;
}
