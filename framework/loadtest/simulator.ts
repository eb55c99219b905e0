// The simulated cluster of the methodology: fake Nodes, and Services with EndpointSlices whose addresses need no
// pods, sized from the route count. Everything carries the run's labels and is removed with the run.
import pLimit from 'p-limit';
import type { RunContext } from '../run/context.js';
import type { OwnedObject } from '../run/ownership.js';
import type { VClusterConfig } from './sizing.js';

export interface SimulatedCluster {
  readonly config: VClusterConfig;
  readonly namespace: string;
  readonly serviceNames: readonly string[];
  readonly nodes: number;
  readonly endpointSlices: number;
  /** Set when the Services' endpoints are KWOK pods of Deployments (kwokSimulator.ts), not hand-written EndpointSlices. */
  readonly workloads?: { readonly kind: 'kwok'; readonly replicas: number; deploymentOf(serviceIndex: number): string };
}

export const SERVICE_PORT = 80;
const TARGET_PORT = 8080;

export function serviceName(index: number): string {
  return `sim-service-${index}`;
}

export class VClusterSimulator {
  constructor(
    private readonly run: RunContext,
    /** Creates one object of the run (with retries and the run's ownership check). */
    private readonly create: (collection: string, object: OwnedObject) => Promise<void>,
    private readonly options: { concurrency: number; fakeNodes: boolean; progress: (line: string) => void },
  ) {}

  /**
   * Creates the simulated cluster of `config`; with `existing` (a smaller one this simulator made before, as a capacity
   * ladder grows it), only the Nodes and Services it lacks.
   */
  async simulate(config: VClusterConfig, namespace: string, existing?: SimulatedCluster): Promise<SimulatedCluster> {
    const labels = this.run.labels;
    const limit = pLimit(this.options.concurrency);
    const nodeNames = this.options.fakeNodes ? Array.from({ length: config.fakeNodeCount }, (_, i) => `${this.run.runId}-node-${i}`) : [];
    const create = this.create;
    const newNodes = nodeNames.slice(existing?.nodes ?? 0);
    await Promise.all(newNodes.map((name) => limit(() => create('/api/v1/nodes', fakeNode(name, labels)))));

    const serviceCount = Math.max(config.fakeNodeCount * config.servicesPerNode, existing?.serviceNames.length ?? 0);
    const serviceNames = Array.from({ length: serviceCount }, (_, i) => serviceName(i));
    const firstNew = existing?.serviceNames.length ?? 0;
    await Promise.all(
      serviceNames.slice(firstNew).map((name, j) =>
        limit(async () => {
          const i = firstNew + j;
          await create(`/api/v1/namespaces/${namespace}/services`, service(name, labels));
          await create(
            `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
            endpointSlice(name, i, config.podsPerService, nodeNames[i % Math.max(1, nodeNames.length)], labels),
          );
        }),
      ),
    );
    this.options.progress(
      `[simulate] ${nodeNames.length} fake nodes, ${serviceCount} services with ${config.podsPerService} endpoints each in ${namespace}${existing ? ` (${newNodes.length} nodes and ${serviceCount - firstNew} services added)` : ''}`,
    );
    return { config, namespace, serviceNames, nodes: Math.max(nodeNames.length, existing?.nodes ?? 0), endpointSlices: serviceCount };
  }
}

function fakeNode(name: string, labels: Readonly<Record<string, string>>) {
  return {
    metadata: { name, labels: { ...labels, 'kubernetes.io/hostname': name, type: 'fake-node' } },
    // Unschedulable and tainted: nothing must ever try to run on a node that does not exist.
    spec: { unschedulable: true, taints: [{ key: 'loadtest.gateway-api.io/fake', effect: 'NoSchedule' }] },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Simulated', message: 'fake node of a load test' }],
    },
  };
}

function service(name: string, labels: Readonly<Record<string, string>>) {
  return {
    metadata: { name, labels: { ...labels } },
    // No selector: the EndpointSlice below is the Service's only source of endpoints.
    spec: { type: 'ClusterIP', ports: [{ name: 'http', port: SERVICE_PORT, targetPort: TARGET_PORT, protocol: 'TCP' }] },
  };
}

function endpointSlice(service: string, index: number, pods: number, nodeName: string | undefined, labels: Readonly<Record<string, string>>) {
  return {
    metadata: {
      name: `${service}-sim`,
      labels: { ...labels, 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'gateway-loadtest' },
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: TARGET_PORT, protocol: 'TCP' }],
    endpoints: Array.from({ length: pods }, (_, pod) => ({
      // Unique addresses in 10.244.0.0/16, a typical pod range; nothing listens at them.
      addresses: [podAddress(index * pods + pod)],
      conditions: { ready: true },
      ...(nodeName ? { nodeName } : {}),
      targetRef: { kind: 'Pod', name: `${service}-pod-${pod}` },
    })),
  };
}

function podAddress(n: number): string {
  return `10.244.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
}
