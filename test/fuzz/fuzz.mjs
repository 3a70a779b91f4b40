// npm run test:fuzz — generated rule files (inputs.mjs) through the core on one worker per core, each
// with its own seed printed in the log, checking what must hold for any input (properties.mjs); then a
// few hundred through the real server over stdio, each request held to a deadline (server.mjs). A failure
// prints fast-check's shrunk input. FUZZ_RUNS sets the core's count, FUZZ_SERVER_RUNS the server's,
// FUZZ_SEED the first seed.
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { coreProperty } from './properties.mjs';
import { serverRun } from './server.mjs';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SERVER_RUNS = Number(process.env.FUZZ_SERVER_RUNS ?? 300);

const count = (n) => n.toLocaleString('en-US');

/** fast-check's message: the seed, the path and the shrunk counterexample. */
function failureOf(err) {
  return `${err.message}\n${err.cause?.stack ?? ''}`;
}

if (isMainThread) {
  const base = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const started = process.hrtime.bigint();
  const seconds = () => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  const results = await Promise.all(Array.from({ length: workers }, (_, k) => new Promise((resolve, reject) => {
    const runs = Math.floor(RUNS / workers) + (k < RUNS % workers ? 1 : 0);
    const worker = new Worker(new URL(import.meta.url), { workerData: { runs, seed: base + k } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  const failed = results.filter((r) => r.failure);
  for (const r of failed) process.stdout.write(`${r.failure}\n`);
  const ran = results.reduce((n, r) => n + r.runs, 0);
  process.stdout.write(`fuzz (core): ${count(ran)} generated inputs (seeds ${base}..${base + workers - 1}, ${workers} workers) in ${seconds()} s, ${failed.length} failures\n`);

  let serverFailure;
  const serverStarted = process.hrtime.bigint();
  try {
    await serverRun(SERVER_RUNS, base);
  } catch (err) {
    serverFailure = failureOf(err);
    process.stdout.write(`${serverFailure}\n`);
  }
  const serverSeconds = (Number(process.hrtime.bigint() - serverStarted) / 1e9).toFixed(1);
  process.stdout.write(`fuzz (server): ${count(SERVER_RUNS)} generated inputs through the server over stdio (seed ${base}), every request answered within its deadline, in ${serverSeconds} s, ${serverFailure ? 1 : 0} failures\n`);
  process.stdout.write(`fuzz: ${count(ran + SERVER_RUNS)} inputs in ${seconds()} s: ${ran - failed.length + (serverFailure ? 0 : SERVER_RUNS)} passed, ${failed.length + (serverFailure ? 1 : 0)} failed\n`);
  if (failed.length > 0 || serverFailure) process.exitCode = 1;
} else {
  const { runs, seed } = workerData;
  let failure;
  try {
    fc.assert(coreProperty, { numRuns: runs, seed });
  } catch (err) {
    failure = failureOf(err);
  }
  parentPort.postMessage({ runs, failure });
}
