// The data plane's figures in a run report: the xDS push timed beside route ready by HTTP and the proxy's own apply
// time (their difference), the stable route probed throughout the samples, and per phase the Envoy's CPU, peak memory
// and configuration updates (NACKs included). Reports without these fields (no Envoy, older runs) get none.
import { XDS_KINDS } from '../envoy/admin.js';
import type { Sample, TestResults } from '../loadtest/results.js';
import { isNotMeasured } from '../measure/notMeasured.js';
import type { Figure } from './figures.js';

type Pair = { readonly http: keyof Sample; readonly xds: 'routeReadyXdsMs' | 'routeGoneXdsMs' };

const PAIRS: readonly (Pair & { readonly key: string; readonly xdsLabel: string; readonly applyLabel: string })[] = [
  {
    key: 'routeReady',
    http: 'routeReadyMs',
    xds: 'routeReadyXdsMs',
    xdsLabel: 'route ready (xDS push, beside HTTP)',
    applyLabel: 'data plane apply: route ready by HTTP minus its xDS push',
  },
  {
    key: 'routeGone',
    http: 'routeGoneMs',
    xds: 'routeGoneXdsMs',
    xdsLabel: 'route gone (xDS push, beside HTTP)',
    applyLabel: 'data plane apply: route gone by HTTP minus its xDS push',
  },
];

export function dataPlaneSampleFigures(results: TestResults): Figure[] {
  const samples = results.samples;
  if (!samples.some((s) => s.routeReadyXdsMs !== undefined)) return [];
  return PAIRS.flatMap(({ key, http, xds, xdsLabel, applyLabel }) => {
    const pushed: number[] = [];
    const applied: number[] = [];
    for (const sample of samples) {
      const push = sample[xds];
      const served = sample[http];
      if (typeof push !== 'number') continue;
      pushed.push(push);
      if (typeof served === 'number') applied.push(served - push);
    }
    return [
      pushed.length
        ? { key: `${key}Xds`, label: xdsLabel, unit: 'ms', samples: pushed }
        : { key: `${key}Xds`, label: xdsLabel, unit: 'ms', notMeasured: 'no sample' },
      applied.length
        ? { key: `${key}Apply`, label: applyLabel, unit: 'ms', samples: applied }
        : { key: `${key}Apply`, label: applyLabel, unit: 'ms', notMeasured: 'no sample' },
    ] satisfies Figure[];
  });
}

export function dataPlaneRunFigures(results: TestResults): Figure[] {
  const stable = results.stableRoute;
  if (stable === undefined) return [];
  const label = 'stable route through the data plane during the samples';
  if (isNotMeasured(stable))
    return [{ key: 'stableRoute: failed requests', label: `${label}: failed requests`, unit: 'count', notMeasured: stable.notMeasured }];
  return [
    { key: 'stableRoute: failed requests', label: `${label}: failed requests (non-2xx/3xx, connection errors)`, unit: 'count', value: stable.failures },
    { key: 'stableRoute: requests', label: `${label}: requests`, unit: 'count', value: stable.requests },
    { key: 'stableRoute: rate', label: `${label}: requests per second`, unit: 'decimal', value: stable.ratePerSecond },
    { key: 'stableRoute: longest gap', label: `${label}: longest gap between two answers`, unit: 'ms', value: stable.maxGapMs },
  ];
}

export function dataPlanePhaseFigures(phase: TestResults['phases'][number]): Figure[] {
  const at = (what: string) => ({ key: `${phase.name}: ${what}`, label: `${phase.name}: ${what}` });
  const figures: Figure[] = [];
  const usage = phase.envoyProcess;
  if (usage !== undefined) {
    if (isNotMeasured(usage)) {
      figures.push({ ...at('Envoy CPU (kernel)'), unit: 's', notMeasured: usage.notMeasured });
    } else {
      figures.push(
        { ...at('Envoy CPU (kernel)'), unit: 's', value: usage.cpuSeconds },
        { ...at('Envoy peak memory (kernel, VmHWM)'), unit: 'bytes', value: usage.residentBytesPeak },
      );
    }
  }
  const config = phase.envoyConfig;
  if (config !== undefined) {
    if (isNotMeasured(config)) {
      figures.push({ ...at('Envoy configuration updates rejected (NACK)'), unit: 'count', notMeasured: config.notMeasured });
    } else {
      figures.push({
        ...at('Envoy configuration updates rejected (NACK)'),
        unit: 'count',
        value: XDS_KINDS.reduce((sum, kind) => sum + config.updates[kind].rejected, 0),
      });
      for (const kind of XDS_KINDS) {
        figures.push({ ...at(`Envoy ${kind.toUpperCase()} updates accepted`), unit: 'count', value: config.updates[kind].success });
      }
    }
  }
  return figures;
}
