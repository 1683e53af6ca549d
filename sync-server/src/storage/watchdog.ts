import { Worker } from 'node:worker_threads';

/**
 * The last resort against a PGlite engine spinning inside WebAssembly (a checkpoint that met a
 * full disk between two looks of the space guard, storage/space-guard.ts): the main thread then
 * never runs JavaScript again, so neither a request nor SIGTERM's handler is served, and only
 * SIGKILL ends the process. A worker thread — which keeps running while the main one is stuck —
 * watches a heartbeat the main thread bumps every second; when it has not moved for
 * `stallSeconds`, the worker writes why to stderr (straight to the file descriptor: the worker's
 * own stderr goes through the stuck main thread) and kills the process, so its supervisor
 * restarts it. Nothing acknowledged is lost: a push is answered only after its commit.
 */
export function startWatchdog(stallSeconds: number): () => Promise<void> {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { workerData } = require('node:worker_threads');
    const { writeSync } = require('node:fs');
    const beat = new Int32Array(workerData.buffer);
    let last = Atomics.load(beat, 0);
    let still = 0;
    setInterval(() => {
      const now = Atomics.load(beat, 0);
      if (now !== last) { last = now; still = 0; return; }
      if (++still < workerData.stallSeconds) return;
      writeSync(2, JSON.stringify({ level: 'fatal', msg: 'the main thread has not run for ' + still + ' s (a database engine stuck, e.g. PGlite meeting a full disk in a checkpoint): killing the process so its supervisor restarts it; nothing acknowledged is lost' }) + '\\n');
      process.kill(process.pid, 'SIGKILL');
    }, 1000);
    `,
    // Plain CommonJS in the worker, whatever flags (a loader, --input-type) the process was started with.
    { eval: true, execArgv: [], workerData: { buffer: beat.buffer, stallSeconds } },
  );
  worker.unref();
  const timer = setInterval(() => Atomics.add(beat, 0, 1), 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await worker.terminate();
  };
}
