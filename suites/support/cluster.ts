// What a test file needs to talk to the run's cluster. The connection comes resolved from globalSetup, so that
// test workers (which hold thousands of routes) never load client-node.
import { inject } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';

export function runCluster() {
  const description = inject('cluster');
  const connection = inject('connection');
  // `connections` caps requests in flight: give it the run's concurrency.
  return { description, connect: (connections?: number) => KubeHttp.fromConnection(connection, connections) };
}
