// kube-controller-manager for the local control plane (namespace deletion, garbage collection, ...).
import { type HealthCheck, LocalComponent } from './component.js';
import type { ControlPlaneCredentials } from './pki.js';

export class ControllerManager extends LocalComponent {
  constructor(
    binary: string,
    logDir: string,
    private readonly kubeconfigPath: string,
    private readonly credentials: ControlPlaneCredentials,
    readonly port: number,
  ) {
    super('kube-controller-manager', binary, logDir);
  }

  protected args(): string[] {
    const { credentials, kubeconfigPath } = this;
    return [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${this.port}`,
      '--leader-elect=false',
      `--service-account-private-key-file=${credentials.serviceAccountKeyPath}`,
      `--root-ca-file=${credentials.caCertPath}`,
      `--cluster-signing-cert-file=${credentials.caCertPath}`,
      `--cluster-signing-key-file=${credentials.caKeyPath}`,
    ];
  }

  protected health(): HealthCheck {
    // It serves a self-signed certificate we never see.
    return { url: `https://127.0.0.1:${this.port}/healthz`, insecure: true };
  }
}
