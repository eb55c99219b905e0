// Requests the API server served per phase, by verb and resource, from its own /metrics (when readable).
import type { KubeHttp } from '../cluster/kubeHttp.js';
import { difference, sumBy } from './prometheus.js';

export type ApiServerRequests = { requests: Record<string, number> } | { notMeasured: string };

export class ApiServerRequestMeter {
  private start: Map<string, number> | undefined;
  private unreadable: string | undefined;

  constructor(private readonly http: KubeHttp) {}

  private async scrape(): Promise<Map<string, number>> {
    const response = await this.http.requestText('GET', '/metrics');
    return sumBy(response.body, 'apiserver_request_total', ['verb', 'resource']);
  }

  async startPhase(): Promise<void> {
    if (this.unreadable) return;
    try {
      this.start = await this.scrape();
    } catch (error) {
      this.unreadable = `the API server's /metrics is not readable (${(error as Error).message})`;
    }
  }

  async endPhase(): Promise<ApiServerRequests> {
    if (this.unreadable || !this.start) return { notMeasured: this.unreadable ?? 'no scrape at the start of the phase' };
    const end = await this.scrape();
    // Counters that went down mean the API server restarted during the phase: its counts before that are lost.
    if ([...this.start].some(([key, value]) => (end.get(key) ?? 0) < value)) {
      return { notMeasured: 'the API server restarted during the phase, so its counters were reset' };
    }
    return { requests: difference(end, this.start) };
  }
}
