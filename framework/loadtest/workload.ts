// What an Attached Routes run puts on the cluster (LOADTEST_WORKLOAD), and the definitions its three once-per-run
// figures (setup, teardown, writes) follow. The figures only compare with gateway-api-bench's published table when
// the workload is gateway-api-bench's: on the batched workload they measure something else and are named for it.
export const WORKLOADS = ['batched', 'gateway-api-bench'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** The setting that chooses it (registered in loadtest/section.ts, which reads it: readWorkload). */
export const WORKLOAD_VARIABLE = 'LOADTEST_WORKLOAD';

/** What each workload does, in one line for reports. */
export const WORKLOAD_DESCRIPTIONS: Readonly<Record<Workload, string>> = {
  batched:
    "the Go harness's: HTTPRoutes created in batches (100 at 1,000 routes) with a grace period between them, to simulated Services; incremental samples; then all deleted with one deletecollection",
  'gateway-api-bench':
    "gateway-api-bench's attached-routes test: apps (a Service and an HTTPRoute, created in parallel) created one after another in a namespace of the run's own; from the first Gateway event showing N, deleted one by one in reverse; no samples",
};

/** The definitions of the three once-per-run figures, by workload (measure/benchFigures.ts, measure/gatewayApiBench.ts). */
export const FIGURE_DEFINITIONS: Readonly<Record<Workload, { readonly setup: string; readonly teardown: string; readonly writes: string }>> = {
  batched: {
    setup: "the last baseline create answered -> the first Gateway event with the listener's attachedRoutes = N",
    teardown: 'one deletecollection of all N baseline routes sent -> the first Gateway event with attachedRoutes = 0',
    writes: 'changes of the Gateway status seen by the watch in both windows (first create -> N, delete -> 0); not during the samples',
  },
  'gateway-api-bench': {
    setup: "gateway-api-bench's add-all: the last app created -> the first Gateway event with the listener's attachedRoutes = N",
    teardown: "gateway-api-bench's remove-all: the Gateway event showing N (the deletes start there) -> the last Gateway event, the one showing 0",
    writes: "gateway-api-bench's writes: every Gateway watch event after the first create, through creation and deletion",
  },
};
