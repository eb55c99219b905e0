// What a restarted controller spent on its recovery. The process is new, so its own counters (CPU seconds, API
// requests, the kernel's utime+stime and VmHWM) start at zero at its start: the phase's figure is the reading at the
// phase's end, with no start reading to subtract (there is no process to read when the phase starts). Built on the
// same parts as measure/controllerUsage.ts and measure/processUsage.ts; the other measurements (API server requests,
// status writes, other runs) are used as they are.
import { request } from 'undici';
import type { ControllerUsage } from '../measure/controllerUsage.js';
import type { PhaseMeasurement } from '../measure/measurement.js';
import { type Measured, notMeasured } from '../measure/notMeasured.js';
import type { ProcessUsage } from '../measure/processUsage.js';
import { cpuSeconds, readMemory } from '../measure/procfs.js';
import { parseMetrics, single, sumBy } from '../measure/prometheus.js';
import type { XdsObserver } from '../xds/adsObserver.js';
import type { XdsCounters } from '../xds/counters.js';

const SAMPLE_INTERVAL_MS = 1_000;

interface Scrape {
  readonly cpuSeconds: number;
  readonly residentBytes: number;
  readonly requestsByMethod: Map<string, number> | undefined;
}

async function scrape(url: string): Promise<Scrape> {
  const response = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${response.statusCode}`);
  const metrics = parseMetrics(text);
  const cpu = single(metrics, 'process_cpu_seconds_total');
  const resident = single(metrics, 'process_resident_memory_bytes');
  if (cpu === undefined || resident === undefined) throw new Error(`${url} has no process_cpu_seconds_total / process_resident_memory_bytes`);
  return {
    cpuSeconds: cpu,
    residentBytes: resident,
    requestsByMethod: metrics.has('rest_client_requests_total') ? sumBy(metrics, 'rest_client_requests_total', ['method']) : undefined,
  };
}

/** The new controller's /metrics at the phase's end (its totals since start), peak memory from 1 s samples. */
export class RestartedControllerUsage implements PhaseMeasurement<ControllerUsage> {
  private peak = 0;
  private sampler: NodeJS.Timeout | undefined;

  constructor(private readonly metricsUrl: string) {}

  async start(): Promise<void> {
    // Samples count only once `restarted` is set (the old process is gone), so the old process's memory never enters.
    this.sampler = setInterval(() => {
      scrape(this.metricsUrl).then(
        (s) => {
          if (this.restarted) this.peak = Math.max(this.peak, s.residentBytes);
        },
        () => {},
      );
    }, SAMPLE_INTERVAL_MS);
    this.sampler.unref();
  }

  /** Set once the old process is gone: from then on every answer is the new process's. */
  restarted = false;

  async collect(): Promise<Measured<ControllerUsage>> {
    clearInterval(this.sampler);
    try {
      const end = await scrape(this.metricsUrl);
      return {
        cpuSeconds: end.cpuSeconds,
        residentBytesPeak: Math.max(this.peak, end.residentBytes),
        residentBytesEnd: end.residentBytes,
        apiRequests: end.requestsByMethod ? Object.fromEntries(end.requestsByMethod) : notMeasured(`${this.metricsUrl} has no rest_client_requests_total`),
      };
    } catch (error) {
      return notMeasured(`the restarted controller's metrics could not be read (${(error as Error).message})`);
    }
  }

  stop(): void {
    clearInterval(this.sampler);
  }
}

/** The kernel's figures for the new process at the phase's end: utime+stime and VmHWM since it started. */
export class RestartedProcessUsage implements PhaseMeasurement<ProcessUsage> {
  constructor(private readonly pid: () => number | undefined) {}

  async start(): Promise<void> {}

  async collect(): Promise<Measured<ProcessUsage>> {
    const pid = this.pid();
    if (pid === undefined) return notMeasured('the controller was not restarted');
    const cpu = cpuSeconds(pid);
    const memory = readMemory(pid);
    if (cpu === undefined || !memory) return notMeasured(`the restarted controller process ${pid} is gone`);
    return { cpuSeconds: cpu, residentBytesPeak: memory.peakResidentBytes, residentBytesEnd: memory.residentBytes };
  }

  stop(): void {}
}

/** Everything the fresh observer received: it connected during the phase, so all of its pushes are the phase's. */
export class FreshObserverPushes implements PhaseMeasurement<XdsCounters> {
  constructor(private readonly observer: () => XdsObserver | undefined) {}

  async start(): Promise<void> {}

  async collect(): Promise<Measured<XdsCounters>> {
    const observer = this.observer();
    if (!observer) return notMeasured('no observer connected after the restart');
    if (observer.failure) return notMeasured(`the xDS stream broke: ${observer.failure.message}`);
    return observer.snapshot();
  }

  stop(): void {}
}
