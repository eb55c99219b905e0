// Traefik's static configuration as command-line flags, for its Kubernetes Gateway provider on the local control plane.
// Read from v3.6.12's source (pkg/config/static, pkg/provider/kubernetes/gateway):
// - the provider reads the kubeconfig named by the KUBECONFIG environment variable (when KUBERNETES_SERVICE_HOST is
//   unset), so no endpoint/token/CA flags are needed;
// - a Gateway listener is served by the entry point whose address ends in ":<listener port>" (entryPointName());
//   a listener with no such entry point is not Accepted ("Cannot find entryPoint for Gateway");
// - ping and Prometheus metrics are served on the internal entry point "traefik" (default :8080, moved here).

export interface TraefikAddresses {
  /** Entry point of the Gateway's HTTP listener; its port must equal the listener's port. */
  readonly web: { readonly host: string; readonly port: number };
  /** The internal entry point: /ping and /metrics. */
  readonly internal: { readonly host: string; readonly port: number };
}

export function traefikFlags(addresses: TraefikAddresses, logLevel = 'INFO'): string[] {
  return [
    `--entryPoints.web.address=${addresses.web.host}:${addresses.web.port}`,
    `--entryPoints.traefik.address=${addresses.internal.host}:${addresses.internal.port}`,
    '--providers.kubernetesGateway=true',
    // Written into Gateway status.addresses: where the proxy (this process) really listens.
    `--providers.kubernetesGateway.statusAddress.ip=${addresses.web.host}`,
    '--ping=true',
    '--metrics.prometheus=true',
    // No calls home from a test machine.
    '--global.checkNewVersion=false',
    '--global.sendAnonymousUsage=false',
    `--log.level=${logLevel}`,
    '--log.noColor=true',
    // Stop in about a second, not after the default 10 s of draining (there is nothing to drain in a test).
    '--entryPoints.web.transport.lifeCycle.graceTimeOut=1s',
    '--entryPoints.traefik.transport.lifeCycle.graceTimeOut=1s',
  ];
}
