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

/**
 * Every sample of the series `name` (e.g. a histogram's `x_bucket` or `x_sum`) with its labels and value.
 * parse-prometheus-text-format drops the labels of labelled histogram series, so the series' own lines are read as
 * untyped samples (without the family's TYPE and HELP lines), where the library keeps every label.
 */
export function seriesSamples(text: string, name: string): { labels: Readonly<Record<string, string>>; value: number }[] {
  const lines = text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
  return parsePrometheusTextFormat(lines.join('\n')).flatMap((family) =>
    family.metrics.map((sample) => ({ labels: sample.labels ?? {}, value: Number(sample.value ?? 0) })),
  );
}

/** A histogram's cumulative bucket counts by upper bound ("+Inf" included), summed over the series whose labels pass `keep`. */
export function histogramBuckets(text: string, metric: string, keep: (labels: Readonly<Record<string, string>>) => boolean): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const { labels, value } of seriesSamples(text, `${metric}_bucket`)) {
    if (!keep(labels) || labels.le === undefined) continue;
    const bound = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + value);
  }
  return buckets;
}

/**
 * The upper bound of the bucket that holds quantile `q` of the observations counted in `buckets` (cumulative counts
 * by bound): the quantile is at most this. Undefined when nothing was observed.
 */
export function bucketQuantileBound(buckets: ReadonlyMap<number, number>, q: number): number | undefined {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
  if (total <= 0) return undefined;
  return bounds.find((bound) => (buckets.get(bound) ?? 0) >= q * total);
}
