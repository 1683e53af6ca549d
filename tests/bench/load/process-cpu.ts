import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (ms, user + system) of every process descended from `root` — here the servers,
 * PostgreSQL (and its backends) and HAProxy that the bench started — read from /proc, so a
 * bench can say what a request costs the server side, apart from the load generator.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

function stats(): Map<number, { ppid: number; cpu: number }> {
  const all = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      all.set(Number(name), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return all;
}

/** CPU ms of `root`'s descendants (not `root` itself), plus what ended ones left to their parents. */
export function descendantsCpuMs(root = process.pid): number {
  const all = stats();
  const children = new Map<number, number[]>();
  for (const [pid, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let total = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    total += all.get(pid)!.cpu + childrenCpu(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** cutime + cstime: CPU of children that ended and were waited for (postgres backends come and go). */
function childrenCpu(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return 0;
  }
}
