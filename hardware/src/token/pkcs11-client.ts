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
  /** Deadline per call in ms; key generation gets `keygenDeadlineMs`, initialisation `initDeadlineMs`. Defaults 15 000, 120 000 and 45 000. */
  deadlineMs?: number;
  keygenDeadlineMs?: number;
  initDeadlineMs?: number;
}

/**
 * Why these numbers: SoftHSM answers every call in milliseconds, but a real USB token takes
 * ~10 s (and up to tens of seconds) to generate an RSA-2048 key, and several seconds to erase
 * its file system in C_InitToken. Everything else is a few APDUs. The worst issuance
 * (init + keygen + five short calls + a wipe) stays inside the agent's token.issue deadline
 * (core's `tokenIssueDeadlines.totalMs`, 300 s), and the longest quiet step inside its
 * `quietMs` (150 s).
 */
export const defaultDeadlinesMs = { call: 15_000, generateKeyPair: 120_000, initToken: 45_000 } as const;

export interface Pkcs11Client {
  call<K extends Pkcs11Op>(
    op: K,
    params: Parameters<Pkcs11Ops[K]>[0],
    options?: { deadlineMs?: number },
  ): Promise<ReturnType<Pkcs11Ops[K]>>;
  close(): Promise<void>;
}

interface Pending {
  op: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const workerPath = fileURLToPath(new URL('./pkcs11-worker.ts', import.meta.url));

export function createPkcs11Client(options: Pkcs11ClientOptions): Pkcs11Client {
  const deadlineMs = options.deadlineMs ?? defaultDeadlinesMs.call;
  const keygenDeadlineMs = options.keygenDeadlineMs ?? defaultDeadlinesMs.generateKeyPair;
  const initDeadlineMs = Math.max(deadlineMs, options.initDeadlineMs ?? defaultDeadlinesMs.initToken);
  const deadlineOf = (op: Pkcs11Op) => (op === 'generateKeyPair' ? keygenDeadlineMs : op === 'initToken' ? initDeadlineMs : deadlineMs);
  let child: { process: ChildProcess; pending: Map<number, Pending> } | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  const send = (worker: NonNullable<typeof child>, request: WorkerRequest, deadline: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.pending.delete(request.id);
        // A native call cannot be cancelled: this worker is done; the next call starts another.
        if (child === worker) child = undefined;
        worker.process.kill('SIGKILL');
        reject(new DangkyError('DK_ERR_TOKEN_TIMEOUT', { detail: { op: request.op, deadlineMs: deadline } }));
      }, deadline);
      worker.pending.set(request.id, {
        op: request.op,
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      worker.process.send(request);
    });

  const start = async (): Promise<NonNullable<typeof child>> => {
    const process_ = fork(workerPath, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: options.env ?? process.env,
    });
    const worker = { process: process_, pending: new Map<number, Pending>() };
    child = worker;
    process_.on('message', (reply: WorkerReply) => {
      const p = worker.pending.get(reply.id);
      if (!p) return;
      worker.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(errorFromWire(reply.error, p.op));
    });
    process_.on('exit', (code, signal) => {
      if (child === worker) child = undefined;
      for (const p of worker.pending.values())
        p.reject(new DangkyError('DK_ERR_TOKEN_MODULE_CRASHED', { detail: { op: p.op, exitCode: code, signal } }));
      worker.pending.clear();
    });
    await send(worker, { id: nextId++, op: 'open', params: { modulePath: options.modulePath } }, deadlineMs + 15_000);
    return worker;
  };

  const call = async (op: Pkcs11Op, params: unknown, callDeadline: number): Promise<unknown> => {
    const worker = child ?? (await start());
    return send(worker, { id: nextId++, op, params }, callDeadline);
  };

  return {
    call(op, params, callOptions) {
      const deadline = callOptions?.deadlineMs ?? deadlineOf(op);
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
        const timer = setTimeout(() => worker.process.kill('SIGKILL'), 5_000);
        worker.process.once('exit', () => (clearTimeout(timer), resolve()));
        worker.process.disconnect();
      });
    },
  };
}
