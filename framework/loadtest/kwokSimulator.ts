// The simulated cluster as a cluster behaves (LOADTEST_KWOK): fake Nodes that KWOK plays the kubelet of, and per
// Service a Deployment whose pods kube-scheduler binds to them and KWOK marks Ready, so that the Services' EndpointSlices
// are written by kube-controller-manager's endpointslice controller, not by the harness. Sized like the methodology's
// simulator (sizing.ts); everything the harness creates carries the run's labels and goes with the run.
import pLimit from 'p-limit';
import { KWOK_NODE_ANNOTATION } from '../cluster/local/kwok.js';
import type { KubeHttp } from '../kube/http.js';
import { CollectionWatch } from '../kube/watch.js';
import { ConditionWaits } from '../measure/conditionWaits.js';
import type { RunContext } from '../run/context.js';
import { RUN_LABEL } from '../run/labels.js';
import type { OwnedObject } from '../run/ownership.js';
import { SERVICE_PORT, type SimulatedCluster, serviceName } from './simulator.js';
import type { VClusterConfig } from './sizing.js';

const TARGET_PORT = 8080;
const WAIT_PROGRESS_MS = 5000;
/** A pod's Node: room for its share of the pods with slack (the methodology's 110 pods fit 1,000 routes' 660 pods on 5 Nodes only at 132). */
const podsPerNode = (config: VClusterConfig) => Math.max(110, Math.ceil((config.servicesPerNode * config.podsPerService * 3) / 2));

interface EndpointSlice {
  metadata?: { name?: string; labels?: Record<string, string> };
  endpoints?: { conditions?: { ready?: boolean } }[];
}

export class KwokSimulator {
  constructor(
    private readonly run: RunContext,
    private readonly http: KubeHttp,
    private readonly create: (collection: string, object: OwnedObject) => Promise<void>,
    private readonly options: { concurrency: number; timeoutMs: number; progress: (line: string) => void },
  ) {}

  /** Creates (or, with `existing`, grows) the simulated cluster, and resolves once every Service has its Ready endpoints. */
  async simulate(config: VClusterConfig, namespace: string, existing?: SimulatedCluster): Promise<SimulatedCluster> {
    const { labels, runId } = this.run;
    const limit = pLimit(this.options.concurrency);
    const started = performance.now();
    const nodeNames = Array.from({ length: Math.max(config.fakeNodeCount, existing?.nodes ?? 0) }, (_, i) => `${runId}-kwok-node-${i}`);
    const newNodes = nodeNames.slice(existing?.nodes ?? 0);
    await Promise.all(newNodes.map((name) => limit(() => this.create('/api/v1/nodes', kwokNode(name, labels, podsPerNode(config))))));
    const serviceCount = Math.max(config.fakeNodeCount * config.servicesPerNode, existing?.serviceNames.length ?? 0);
    const serviceNames = Array.from({ length: serviceCount }, (_, i) => serviceName(i));
    const firstNew = existing?.serviceNames.length ?? 0;
    const replicas = config.podsPerService;
    const ready = this.endpointsReady(namespace, serviceNames, replicas);
    let endpointSlices = 0;
    try {
      await Promise.all(
        serviceNames.slice(firstNew).map((name) =>
          limit(async () => {
            await this.create(`/api/v1/namespaces/${namespace}/services`, selectingService(name, labels));
            await this.create(`/apis/apps/v1/namespaces/${namespace}/deployments`, deployment(name, labels, replicas, runId));
          }),
        ),
      );
      endpointSlices = await ready.done;
    } finally {
      ready.stop();
    }
    this.options.progress(
      `[simulate] KWOK: ${nodeNames.length} fake nodes, ${serviceCount} Deployments of ${replicas} Ready pods behind their Services in ${namespace}, EndpointSlices written by the endpointslice controller, after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return {
      config,
      namespace,
      serviceNames,
      nodes: nodeNames.length,
      endpointSlices,
      workloads: { kind: 'kwok', replicas, deploymentOf: (i) => serviceName(i) },
    };
  }

  /** Watches the namespace's EndpointSlices until every Service has `replicas` Ready endpoints (event-driven). */
  private endpointsReady(namespace: string, services: readonly string[], replicas: number): { done: Promise<number>; stop(): void } {
    const readyBySlice = new Map<string, { service: string; ready: number }>();
    const waits = new ConditionWaits();
    const readyByService = () => {
      const counts = new Map<string, number>();
      for (const { service, ready } of readyBySlice.values()) counts.set(service, (counts.get(service) ?? 0) + ready);
      return counts;
    };
    const complete = () => {
      const counts = readyByService();
      return services.filter((service) => (counts.get(service) ?? 0) >= replicas).length;
    };
    // The controller's slices carry no run label: the whole namespace is the run's.
    const watch = new CollectionWatch<EndpointSlice>(this.http, `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, undefined, (event) => {
      const name = event.object.metadata?.name ?? '';
      const service = event.object.metadata?.labels?.['kubernetes.io/service-name'];
      if (event.type === 'DELETED' || !service) readyBySlice.delete(name);
      else readyBySlice.set(name, { service, ready: (event.object.endpoints ?? []).filter((e) => e.conditions?.ready).length });
      waits.check(event.at);
    });
    const progress = setInterval(() => {
      this.options.progress(`[simulate] KWOK: ${complete()}/${services.length} Services with ${replicas} Ready endpoints`);
    }, WAIT_PROGRESS_MS);
    progress.unref();
    const { timeoutMs } = this.options;
    const done = watch
      .start()
      .then(() =>
        waits.add(
          () => complete() === services.length,
          timeoutMs,
          () =>
            `KWOK: after ${timeoutMs} ms only ${complete()} of ${services.length} Services have ${replicas} Ready endpoints (is kube-scheduler or KWOK down? see their logs)`,
        ),
      )
      .then(() => readyBySlice.size); // the EndpointSlices the controller wrote, counted, not assumed one per Service
    done.catch(() => {});
    return {
      done,
      stop: () => {
        clearInterval(progress);
        watch.stop();
        waits.clear();
      },
    };
  }
}

function kwokNode(name: string, labels: Readonly<Record<string, string>>, pods: number) {
  return {
    metadata: {
      name,
      labels: { ...labels, 'kubernetes.io/hostname': name, type: 'kwok' },
      annotations: { [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value },
    },
    // Only pods that tolerate it (the run's) land here.
    spec: { taints: [{ key: KWOK_NODE_ANNOTATION.key, value: KWOK_NODE_ANNOTATION.value, effect: 'NoSchedule' }] },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: String(pods) },
      allocatable: { cpu: '4', memory: '16Gi', pods: String(pods) },
    },
  };
}

function selectingService(name: string, labels: Readonly<Record<string, string>>) {
  return {
    metadata: { name, labels: { ...labels } },
    spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ name: 'http', port: SERVICE_PORT, targetPort: TARGET_PORT, protocol: 'TCP' }] },
  };
}

function deployment(name: string, labels: Readonly<Record<string, string>>, replicas: number, runId: string) {
  return {
    metadata: { name, labels: { ...labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { ...labels, app: name } },
        spec: {
          // The run's own KWOK Nodes only.
          nodeSelector: { type: 'kwok', [RUN_LABEL]: runId },
          tolerations: [{ key: KWOK_NODE_ANNOTATION.key, operator: 'Exists', effect: 'NoSchedule' }],
          // Never pulled or run: KWOK only reports the container running.
          containers: [{ name: 'app', image: 'registry.invalid/gateway-loadtest/backend:1', ports: [{ name: 'http', containerPort: TARGET_PORT }] }],
        },
      },
    },
  };
}
