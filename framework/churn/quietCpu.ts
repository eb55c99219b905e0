// Where the controller's own work on the baseline ends. kgateway goes on computing for seconds after its last status
// write and xDS push (about one core for the first 6 s after a 1,000-route baseline here, with no API request and no
// push), so the phase edge (quiet on events) is not where its CPU falls back: an idle phase or a churn phase started
// there would be charged with the baseline's tail. CPU time has no event: this polls the controller's /metrics once a
// second, the only way to read it.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { parseMetrics, single } from '../measure/prometheus.js';

export interface QuietCpu {
  /** False when the CPU use stayed above the bound until maxMs. */
  readonly quiet: boolean;
  readonly waitedMs: number;
  /** CPU use over the last window, in cores (1 = one core busy). */
  readonly lastCores: number;
}

export interface QuietCpuOptions {
  /** CPU use, in cores, below which a window counts as quiet. */
  readonly cores: number;
  /** Quiet windows of one second in a row that end the wait. */
  readonly windows: number;
  readonly maxMs: number;
}

async function cpuSeconds(metricsUrl: string): Promise<number> {
  const response = await request(metricsUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET ${metricsUrl}: HTTP ${response.statusCode}`);
  const seconds = single(parseMetrics(text), 'process_cpu_seconds_total');
  if (seconds === undefined) throw new Error(`${metricsUrl} has no process_cpu_seconds_total`);
  return seconds;
}

/** Consecutive quiet windows at the end of `rates` (pure: the rule the wait applies). */
export function quietWindowsAtEnd(rates: readonly number[], cores: number): number {
  let count = 0;
  for (let i = rates.length - 1; i >= 0 && (rates[i] as number) < cores; i--) count++;
  return count;
}

export async function waitForQuietCpu(metricsUrl: string, options: QuietCpuOptions): Promise<QuietCpu> {
  const started = performance.now();
  const rates: number[] = [];
  let before = { at: performance.now(), cpu: await cpuSeconds(metricsUrl) };
  while (quietWindowsAtEnd(rates, options.cores) < options.windows) {
    if (performance.now() - started >= options.maxMs) return { quiet: false, waitedMs: performance.now() - started, lastCores: rates.at(-1) ?? Number.NaN };
    await sleep(1_000);
    const now = { at: performance.now(), cpu: await cpuSeconds(metricsUrl) };
    rates.push((now.cpu - before.cpu) / ((now.at - before.at) / 1000));
    before = now;
  }
  return { quiet: true, waitedMs: performance.now() - started, lastCores: rates.at(-1) ?? Number.NaN };
}
