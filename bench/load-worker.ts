/**
 * The load generator, run as a child process (bench/run.ts forks it) so that on a 2-core
 * machine it gets its own core instead of sharing the server's event loop. It waits for jobs
 * over IPC, runs autocannon's programmatic API, and answers with the figures.
 */
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  /** Seconds of warm-up (not reported), then seconds measured. */
  warmup: number;
  duration: number;
  /** A fixed number of requests instead of a duration (no warm-up). */
  amount?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Milliseconds, from each response's own timing (autocannon's histogram keeps whole ms). */
  p50: number;
  p99: number;
  mean: number;
  max: number;
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

async function run(job: LoadJob, seconds: number, record: boolean): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, failed) => {
    const options = { url: job.url, method: 'POST' as const, headers: job.headers, body: job.body, connections: job.connections, ...(job.amount === undefined ? { duration: seconds } : { amount: job.amount }) };
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => (error ? failed(error) : done(result)));
    // autocannon emits (client, statusCode, resBytes, responseTime) although its typings list three.
    (instance as NodeJS.EventEmitter).on('response', (...args: unknown[]) => {
      const ms = args[args.length - 1];
      if (record && typeof ms === 'number') latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50: at(0.5),
    p99: at(0.99),
    mean: latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length,
    max: latencies[latencies.length - 1] ?? NaN,
    responses: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}

process.on('message', (job: LoadJob) => {
  void (async () => {
    if (job.warmup > 0 && job.amount === undefined) await run(job, job.warmup, false);
    process.send?.(await run(job, job.duration, true));
  })();
});
// Gone with the bench: a killed bench leaves no load generator behind.
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
