// Attached Routes' data-plane figures per sample: the xDS push timed beside route ready (and route gone) by HTTP, and
// the proxy's own apply time, their difference. Reports without the xDS times beside HTTP (no Envoy, older runs) get none.
import type { Figure } from '../report/figures.js';
import type { Sample, TestResults } from './results.js';

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
