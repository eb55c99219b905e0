// The cluster a run uses: the variables of the Go harness (CLUSTER_NAME, INSTALL_NAMESPACE, SKIP_INSTALL) and ours.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';

export const PROVIDERS = ['local', 'existing', 'k3s'] as const;

export const clusterSection = defineSection({
  name: 'cluster',
  title: 'Cluster',
  description: 'Which cluster a run uses and what it may do there.',
  settings: {
    provider: {
      env: 'CLUSTER_PROVIDER',
      kind: kinds.choice(PROVIDERS),
      defaultText: 'existing if CLUSTER_NAME or KUBECONFIG is set, else local',
      unit: 'name',
      description: 'local: a control plane the run starts and stops; existing: a cluster you have; k3s: testcontainers (needs Docker)',
    },
    kubeconfig: {
      env: 'KUBECONFIG',
      kind: kinds.path,
      defaultText: '~/.kube/config',
      unit: 'path',
      description: 'the kubeconfig of an existing cluster, as kubectl reads it',
    },
    name: {
      env: 'CLUSTER_NAME',
      kind: kinds.text,
      defaultText: 'the current context',
      unit: 'name',
      description: 'kind cluster name: selects context kind-<name> (an exact context name works too)',
    },
    installNamespace: {
      env: 'INSTALL_NAMESPACE',
      kind: kinds.namespaceName,
      defaultText: "the controller module's own namespace (<controller>-system)",
      unit: 'name',
      description: 'the namespace the controller under test runs in',
    },
    skipInstall: {
      env: 'SKIP_INSTALL',
      kind: kinds.boolean,
      default: false,
      unit: 'boolean',
      description: 'install and start no controller; required on an existing cluster (a cluster the run creates still gets the Gateway API CRDs)',
    },
    gatewayClass: {
      env: 'GATEWAY_CLASS',
      kind: kinds.objectName('GatewayClass'),
      defaultText: "the controller module's class",
      unit: 'name',
      description: "the GatewayClass of the run's Gateways",
    },
    allowContext: {
      env: 'LOADTEST_ALLOW_CONTEXT',
      kind: kinds.text,
      defaultText: 'none',
      unit: 'context',
      description: 'the one context the run may use that is not recognisably a test cluster (kind-*, k3s-testcontainers*, the local default)',
    },
    controllerMetricsUrl: {
      env: 'LOADTEST_CONTROLLER_METRICS_URL',
      kind: kinds.httpUrl,
      defaultText: 'set by the local provider; none on an existing cluster',
      unit: 'URL',
      description: "the controller's Prometheus endpoint on an existing cluster",
    },
    dataPlaneUrl: {
      env: 'LOADTEST_DATA_PLANE_URL',
      kind: kinds.httpUrl,
      defaultText: 'none',
      unit: 'URL',
      description: "base URL of the Gateway's data plane on an existing cluster, which enables route ready by HTTP",
    },
    xdsAddress: {
      env: 'LOADTEST_XDS_ADDRESS',
      kind: kinds.hostPort,
      defaultText: 'none',
      unit: 'host:port',
      description: "the controller's xDS server on an existing cluster (e.g. a port-forward), which enables route ready by xDS",
    },
    kwok: {
      env: 'LOADTEST_KWOK',
      kind: kinds.boolean,
      default: false,
      unit: 'boolean',
      description:
        'run KWOK and kube-scheduler beside the local control plane: the simulated backends become Deployments of Ready pods whose EndpointSlices kube-controller-manager writes',
    },
  },
});
