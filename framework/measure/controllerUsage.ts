// The controller's own resource use per phase, from its Prometheus endpoint: CPU seconds, resident memory
// (sampled every second for the peak, like a Prometheus scrape) and the API requests it made by method.
import { request } from 'undici';
import type { ControllerUsage } from '../types.js';
import { difference, single, sumBy } from './prometheus.js';

interface Scrape {
  cpuSeconds: number;
  residentBytes: number;
  requestsByMethod: Map<string, number>;
}

const SAMPLE_INTERVAL_MS = 1_000;

export class ControllerUsageMeter {
  private phaseStart: Scrape | undefined;
  private peak = 0;
  private sampler: NodeJS.Timeout | undefined;
  /** Why a scrape failed last, if one did. */
  lastError: string | undefined;

  constructor(private readonly metricsUrl: string) {}

  async scrape(): Promise<Scrape> {
    const response = await request(this.metricsUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET ${this.metricsUrl}: HTTP ${response.statusCode}`);
    const cpuSeconds = single(text, 'process_cpu_seconds_total');
    const residentBytes = single(text, 'process_resident_memory_bytes');
    if (cpuSeconds === undefined || residentBytes === undefined) {
      throw new Error(`${this.metricsUrl} has no process_cpu_seconds_total / process_resident_memory_bytes`);
    }
    return { cpuSeconds, residentBytes, requestsByMethod: sumBy(text, 'rest_client_requests_total', ['method']) };
  }

  async startPhase(): Promise<void> {
    this.phaseStart = await this.scrape();
    this.peak = this.phaseStart.residentBytes;
    this.sampler = setInterval(() => {
      this.scrape().then(
        (s) => (this.peak = Math.max(this.peak, s.residentBytes)),
        (error: Error) => (this.lastError = error.message),
      );
    }, SAMPLE_INTERVAL_MS);
    this.sampler.unref();
  }

  async endPhase(): Promise<ControllerUsage> {
    clearInterval(this.sampler);
    const start = this.phaseStart;
    if (!start) throw new Error('endPhase without startPhase');
    const end = await this.scrape();
    return {
      cpuSeconds: end.cpuSeconds - start.cpuSeconds,
      residentBytesPeak: Math.max(this.peak, end.residentBytes),
      residentBytesEnd: end.residentBytes,
      apiRequests: difference(end.requestsByMethod, start.requestsByMethod),
    };
  }
}
