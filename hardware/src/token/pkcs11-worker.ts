import { Pkcs11Module } from '@dangky/pkcs11/module';
import { createOps, type Pkcs11Op, type Pkcs11Ops } from './pkcs11-ops.ts';
import type { Pkcs11FailureWire } from './pkcs11-errors.ts';

/**
 * The PKCS#11 worker: a child process (forked by pkcs11-client.ts, run through tsx) that owns
 * one vendor module. One request at a time over IPC: `{ id, op, params }` in, `{ id, ok, … }`
 * out. A module that segfaults or hangs ends this process only; the agent sees the exit or
 * its own deadline and answers with a code. Nothing is written to stdout or stderr here: a
 * request may carry a PIN.
 */

export type WorkerRequest = { id: number; op: 'open'; params: { modulePath: string } } | { id: number; op: Pkcs11Op; params: unknown };
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Pkcs11FailureWire };

/** A thrown value as names only: the CKR name (pkcs11js puts it in the message), or our own code. */
function failureOf(error: unknown): Pkcs11FailureWire {
  const e = error as { message?: string; method?: string; code?: unknown; ckrName?: string; name?: string };
  const ckr =
    e.ckrName ?? (e.name === 'Pkcs11Error' && typeof e.message === 'string' && /^CKR_[A-Z_]+$/.test(e.message) ? e.message : undefined);
  return {
    ...(ckr ? { ckr } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.method === 'string' && e.method ? { method: e.method } : {}),
    message: typeof e.message === 'string' ? e.message.slice(0, 200) : 'unknown error',
  };
}

let module: Pkcs11Module | undefined;
let ops: Pkcs11Ops | undefined;

function handle(request: WorkerRequest): unknown {
  if (request.op === 'open') {
    const { modulePath } = request.params as { modulePath: string };
    try {
      module = Pkcs11Module.open(modulePath);
    } catch (error) {
      const failure = failureOf(error);
      throw Object.assign(new Error(failure.message), failure.ckr ? { ckrName: failure.ckr } : { code: 'DK_ERR_TOKEN_MODULE_LOAD' });
    }
    ops = createOps(module);
    return null;
  }
  if (!ops) throw Object.assign(new Error('Module not opened'), { code: 'DK_ERR_TOKEN_MODULE_LOAD' });
  const run = ops[request.op] as (params: unknown) => unknown;
  return run(request.params);
}

process.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, result: handle(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: failureOf(error) };
  }
  process.send?.(reply);
});

process.on('disconnect', () => {
  try {
    module?.close();
  } finally {
    process.exit(0);
  }
});
