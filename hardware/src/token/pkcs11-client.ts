import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DangkyError } from '@dangky/core/errors';
import { errorFromWire } from './pkcs11-errors.ts';
import type { Pkcs11Op, Pkcs11Ops } from './pkcs11-ops.ts';
import type { WorkerReply, WorkerRequest } from './pkcs11-worker.ts';

/**
 * The agent's handle on one PKCS#11 module. Every call goes to a child process
 * (pkcs11-worker.ts) and has a deadline; when the deadline passes the child is killed (a
 * native call cannot be cancelled) and the next call starts a fresh one. Calls are queued:
 * the worker serves one at a time, like a token does.
 */

export interface Pkcs11ClientOptions {
  /** Path of the vendor's PKCS#11 module (.so / .dll), from the site's token configuration. */
  modulePath: string;
  /** Environment of the worker (e.g. `SOFTHSM2_CONF`); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Deadline per call in ms; key generation gets `keygenDeadlineMs`. Defaults 15 000 and 120 000. */
  deadlineMs?: number;
  keygenDeadlineMs?: number;
}

export interface Pkcs11Client {
  call<K extends Pkcs11Op>(op: K, params: Parameters<Pkcs11Ops[K]>[0], options?: { deadlineMs?: number }): Promise<ReturnType<Pkcs11Ops[K]>>;
  close(): Promise<void>;
}

const workerPath = fileURLToPath(new URL('./pkcs11-worker.ts', import.meta.url));

export function createPkcs11Client(options: Pkcs11ClientOptions): Pkcs11Client {
  const deadlineMs = options.deadlineMs ?? 15_000;
  const keygenDeadlineMs = options.keygenDeadlineMs ?? 120_000;
  let child: ChildProcess | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  const pending = new Map<number, { op: string; resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  const failAll = (error: DangkyError) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const send = (request: WorkerRequest, deadline: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const worker = child!;
      const timer = setTimeout(() => {
        pending.delete(request.id);
        worker.kill('SIGKILL');
        reject(new DangkyError('DK_ERR_TOKEN_TIMEOUT', { detail: { op: request.op, deadlineMs: deadline } }));
      }, deadline);
      pending.set(request.id, {
        op: request.op,
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      worker.send(request);
    });

  const start = async (): Promise<void> => {
    const worker = fork(workerPath, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: options.env ?? process.env,
    });
    child = worker;
    worker.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(errorFromWire(reply.error, p.op));
    });
    worker.on('exit', (code, signal) => {
      if (child === worker) child = undefined;
      failAll(new DangkyError('DK_ERR_TOKEN_MODULE_CRASHED', { detail: { exitCode: code, signal } }));
    });
    await send({ id: nextId++, op: 'open', params: { modulePath: options.modulePath } }, deadlineMs + 15_000);
  };

  const call = async (op: Pkcs11Op, params: unknown, callDeadline: number): Promise<unknown> => {
    if (!child) await start();
    return send({ id: nextId++, op, params }, callDeadline);
  };

  return {
    call(op, params, callOptions) {
      const deadline = callOptions?.deadlineMs ?? (op === 'generateKeyPair' ? keygenDeadlineMs : deadlineMs);
      const result = queue.then(() => call(op, params, deadline));
      queue = result.catch(() => undefined);
      return result as never;
    },
    async close() {
      await queue;
      const worker = child;
      if (!worker) return;
      child = undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => worker.kill('SIGKILL'), 5_000);
        worker.once('exit', () => (clearTimeout(timer), resolve()));
        worker.disconnect();
      });
    },
  };
}
