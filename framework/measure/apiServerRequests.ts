// Requests the API server served per phase, by verb and resource, from its own /metrics (when readable).
import type { KubeHttp } from '../cluster/kubeHttp.js';
import { difference, sumBy } from './prometheus.js';

export class ApiServerRequestMeter {
  private start: Map<string, number> | undefined;

  constructor(private readonly http: KubeHttp) {}

  private async scrape(): Promise<Map<string, number>> {
    const response = await this.http.requestText('GET', '/metrics');
    return sumBy(response.body, 'apiserver_request_total', ['verb', 'resource']);
  }

  async startPhase(): Promise<void> {
    this.start = await this.scrape();
  }

  async endPhase(): Promise<Record<string, number>> {
    const before = this.start ?? new Map<string, number>();
    return difference(await this.scrape(), before);
  }
}
