// The controller's own resource use per phase, from its Prometheus endpoint: CPU seconds, resident memory
// (sampled every second for the peak, like a Prometheus scrape) and the API requests it made by method.
// Phases are back to back: the scrape that ends one phase starts the next, so nothing falls between them.
import { request } from 'undici';
import type { ControllerUsage, NotMeasured } from '../types.js';
import { difference, single, sumBy } from './prometheus.js';

interface Scrape {
  startTime: number | undefined;
  cpuSeconds: number;
  residentBytes: number;
  requestsByMethod: Map<string, number>;
}

const SAMPLE_INTERVAL_MS = 1_000;

export class ControllerUsageMeter {
  private start: Scrape | undefined;
  private startProblem: string | undefined;
  private peak = 0;
  private sampler: NodeJS.Timeout | undefined;
  private phase = 0;

  constructor(private readonly metricsUrl: string) {}

  private async scrape(): Promise<Scrape> {
    const response = await request(this.metricsUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET ${this.metricsUrl}: HTTP ${response.statusCode}`);
    const cpuSeconds = single(text, 'process_cpu_seconds_total');
    const residentBytes = single(text, 'process_resident_memory_bytes');
    if (cpuSeconds === undefined || residentBytes === undefined) {
      throw new Error(`${this.metricsUrl} has no process_cpu_seconds_total / process_resident_memory_bytes`);
    }
    return {
      startTime: single(text, 'process_start_time_seconds'),
      cpuSeconds,
      residentBytes,
      requestsByMethod: sumBy(text, 'rest_client_requests_total', ['method']),
    };
  }

  /** Starts the first phase. A controller that cannot be scraped makes the figures "not measured", not the run fail. */
  async begin(): Promise<void> {
    await this.restart(() => this.scrape());
  }

  private async restart(scrape: () => Promise<Scrape>): Promise<void> {
    clearInterval(this.sampler);
    const phase = ++this.phase;
    try {
      this.start = await scrape();
      this.startProblem = undefined;
      this.peak = this.start.residentBytes;
    } catch (error) {
      this.start = undefined;
      this.startProblem = `the controller's metrics could not be read (${(error as Error).message})`;
      return;
    }
    this.sampler = setInterval(() => {
      this.scrape().then(
        // A scrape still in flight when the phase ended belongs to the old phase.
        (s) => phase === this.phase && (this.peak = Math.max(this.peak, s.residentBytes)),
        () => {},
      );
    }, SAMPLE_INTERVAL_MS);
    this.sampler.unref();
  }

  /** Ends the current phase and starts the next one at the same scrape. */
  async next(): Promise<ControllerUsage | NotMeasured> {
    clearInterval(this.sampler);
    const start = this.start;
    const peak = this.peak;
    let end: Scrape | undefined;
    let endProblem: string | undefined;
    try {
      end = await this.scrape();
    } catch (error) {
      endProblem = `the controller's metrics could not be read (${(error as Error).message})`;
    }
    await this.restart(async () => {
      if (!end) throw new Error(endProblem);
      return end;
    });
    if (!start || !end) return { notMeasured: this.startProblem ?? endProblem ?? 'no scrape' };
    if (start.startTime !== end.startTime) return { notMeasured: 'the controller restarted during the phase' };
    return {
      cpuSeconds: end.cpuSeconds - start.cpuSeconds,
      residentBytesPeak: Math.max(peak, end.residentBytes),
      residentBytesEnd: end.residentBytes,
      apiRequests: difference(end.requestsByMethod, start.requestsByMethod),
    };
  }

  stop(): void {
    clearInterval(this.sampler);
    this.phase++;
  }
}
