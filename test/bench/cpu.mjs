// How the bench measures a process: by the CPU time it used (user + system, every thread), which a
// busy machine barely changes, where wall time wanders with whatever else runs. A process that ends
// reports its own at exit (cpu-at-exit.cjs, preloaded); a process that lives on (the server) is read
// from /proc when it has answered. Without /proc (not Linux) the bench falls back to wall time, and
// says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPORTER = fileURLToPath(new URL('./cpu-at-exit.cjs', import.meta.url));

/** Whether a live process's CPU time can be read (/proc/<pid>/task/<tid>/schedstat: nanoseconds per thread). */
export const CPU_TIME = existsSync(`/proc/${process.pid}/task/${process.pid}/schedstat`);
/** What the figures are, for the bench's output. */
export const UNIT = CPU_TIME ? 'CPU time (user+sys, all threads)' : 'wall time (no /proc here)';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const since = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** CPU milliseconds a live process has used so far, every thread included. */
export function liveCpu(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read: its time is gone with it.
    }
  }
  return ns / 1e6;
}

/** Runs `node args` to its end: its CPU time (as the process itself reports it at exit) and its wall time. */
export function runNode(args) {
  const t0 = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['-r', REPORTER, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  const wall = since(t0);
  if (out.status !== 0 && out.status !== 1) throw new Error(`node ${args.join(' ')} exited ${out.status}`);
  return { cpu: CPU_TIME ? Number(out.output[3].toString()) : wall, wall };
}

/**
 * Samples of `a` and `b` taken in turn (a, b, a, b, …), so that whatever else the machine does weighs
 * on both alike; their medians, and the ratio b / a of the medians, by CPU and by wall time.
 */
export async function inTurn(a, b, runs) {
  const samples = { a: [], b: [] };
  for (let r = 0; r < runs; r++) {
    samples.a.push(await a());
    samples.b.push(await b());
  }
  const med = (side, k) => median(samples[side].map((s) => s[k]));
  return {
    a: med('a', 'cpu'), b: med('b', 'cpu'), ratio: med('b', 'cpu') / med('a', 'cpu'),
    wallA: med('a', 'wall'), wallB: med('b', 'wall'), wallRatio: med('b', 'wall') / med('a', 'wall'),
  };
}
