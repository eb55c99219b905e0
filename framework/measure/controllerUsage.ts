// The controller's own resource use per phase, from its Prometheus endpoint: CPU seconds, resident memory
// (sampled every second for the peak, like a Prometheus scrape) and the API requests it made by method.
// Phases are back to back: the scrape that ends one phase starts the next, so nothing falls between them.
import { request } from 'undici';
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';
import { difference, parseMetrics, single, sumBy } from './prometheus.js';

export interface ControllerUsage {
  readonly cpuSeconds: number;
  readonly residentBytesPeak: number;
  readonly residentBytesEnd: number;
  /** Bytes the Go runtime allocated (go_memstats_alloc_bytes_total); absent for a controller that is not in Go. */
  readonly allocatedBytes?: number;
  /** API requests the controller made, by HTTP method. */
  /** Not measured when the controller does not export client-go's rest_client_requests_total (Traefik). */
  readonly apiRequests: Measured<Readonly<Record<string, number>>>;
}

interface Scrape {
  startTime: number | undefined;
  cpuSeconds: number;
  residentBytes: number;
  allocatedBytes: number | undefined;
  /** Undefined when the page has no rest_client_requests_total at all. */
  requestsByMethod: Map<string, number> | undefined;
}

const SAMPLE_INTERVAL_MS = 1_000;

export class ControllerUsageMeter implements PhaseMeasurement<ControllerUsage> {
  /** The scrape that started the current phase, or why there is none. */
  private phaseStart: Measured<Scrape> = notMeasured('no phase was started');
  private peak = 0;
  private sampler: NodeJS.Timeout | undefined;
  private phase = 0;

  constructor(private readonly metricsUrl: string) {}

  private async scrape(): Promise<Scrape> {
    const response = await request(this.metricsUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET ${this.metricsUrl}: HTTP ${response.statusCode}`);
    const metrics = parseMetrics(text);
    const cpuSeconds = single(metrics, 'process_cpu_seconds_total');
    const residentBytes = single(metrics, 'process_resident_memory_bytes');
    if (cpuSeconds === undefined || residentBytes === undefined) {
      throw new Error(`${this.metricsUrl} has no process_cpu_seconds_total / process_resident_memory_bytes`);
    }
    return {
      startTime: single(metrics, 'process_start_time_seconds'),
      cpuSeconds,
      residentBytes,
      allocatedBytes: single(metrics, 'go_memstats_alloc_bytes_total'),
      requestsByMethod: metrics.has('rest_client_requests_total') ? sumBy(metrics, 'rest_client_requests_total', ['method']) : undefined,
    };
  }

  /** A controller that cannot be scraped makes the figures "not measured", not the run fail. */
  private async scrapeOrProblem(): Promise<Measured<Scrape>> {
    try {
      return await this.scrape();
    } catch (error) {
      return notMeasured(`the controller's metrics could not be read (${(error as Error).message})`);
    }
  }

  private startPhase(start: Measured<Scrape>): void {
    clearInterval(this.sampler);
    const phase = ++this.phase;
    this.phaseStart = start;
    if ('notMeasured' in start) return;
    this.peak = start.residentBytes;
    this.sampler = setInterval(() => {
      this.scrape().then(
        // A scrape still in flight when the phase ended belongs to the old phase.
        (s) => {
          if (phase === this.phase) this.peak = Math.max(this.peak, s.residentBytes);
        },
        () => {},
      );
    }, SAMPLE_INTERVAL_MS);
    this.sampler.unref();
  }

  async start(): Promise<void> {
    this.startPhase(await this.scrapeOrProblem());
  }

  /** Ends the current phase and starts the next one at the same scrape. */
  async collect(): Promise<Measured<ControllerUsage>> {
    clearInterval(this.sampler);
    const { phaseStart: start, peak } = this;
    const end = await this.scrapeOrProblem();
    this.startPhase(end);
    if ('notMeasured' in start) return start;
    if ('notMeasured' in end) return end;
    if (start.startTime !== end.startTime) return notMeasured('the controller restarted during the phase');
    return {
      cpuSeconds: end.cpuSeconds - start.cpuSeconds,
      residentBytesPeak: Math.max(peak, end.residentBytes),
      residentBytesEnd: end.residentBytes,
      ...(end.allocatedBytes !== undefined && start.allocatedBytes !== undefined ? { allocatedBytes: end.allocatedBytes - start.allocatedBytes } : {}),
      apiRequests:
        end.requestsByMethod && start.requestsByMethod
          ? difference(end.requestsByMethod, start.requestsByMethod)
          : notMeasured(`${this.metricsUrl} has no rest_client_requests_total`),
    };
  }

  stop(): void {
    clearInterval(this.sampler);
    this.phase++;
  }
}
