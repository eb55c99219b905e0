// The simulated cluster's size (VClusterConfig of the Go harness) and the simulator's sizing rules by route count.

export interface VClusterConfig {
  readonly simulationName: string;
  readonly fakeNodeCount: number;
  readonly servicesPerNode: number;
  readonly podsPerService: number;
}

export function vclusterSizing(routes: number, simulationName: string): VClusterConfig {
  if (routes <= 1000) {
    const fakeNodeCount = Math.max(2, Math.floor(routes / 200));
    return { simulationName, fakeNodeCount, servicesPerNode: Math.max(20, Math.floor(routes / (fakeNodeCount * 3))), podsPerService: 2 };
  }
  const fakeNodeCount = Math.max(3, Math.floor(routes / 100));
  return { simulationName, fakeNodeCount, servicesPerNode: Math.max(15, Math.floor(routes / (fakeNodeCount * 2))), podsPerService: 2 };
}
