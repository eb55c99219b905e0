// Reading counters and gauges from Prometheus text, keyed by metric name and chosen labels.
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

/** One scrape's metric families by name: parse a page once, then read any number of metrics from it. */
export type Metrics = ReadonlyMap<string, PrometheusFamily>;

export function parseMetrics(text: string): Metrics {
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}

/** Sum of a metric's samples, grouped by the given labels ("" when there are none). */
export function sumBy(metrics: Metrics, metric: string, labels: readonly string[] = []): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of metrics.get(metric)?.metrics ?? []) {
    const key = labels.map((label) => sample.labels?.[label] ?? '').join(' ');
    sums.set(key, (sums.get(key) ?? 0) + Number(sample.value ?? 0));
  }
  return sums;
}

export function single(metrics: Metrics, metric: string): number | undefined {
  const sums = sumBy(metrics, metric);
  return sums.size === 0 ? undefined : sums.get('');
}

/** after - before, per key, leaving out keys that did not change. */
export function difference(after: Map<string, number>, before: Map<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta !== 0) result[key] = delta;
  }
  return result;
}
