// kube-apiserver for the local control plane: RBAC, token authentication, no kubelet behind it.
import { join } from 'node:path';
import { type HealthCheck, LocalComponent } from './component.js';
import type { ControlPlaneCredentials } from './pki.js';

export class ApiServer extends LocalComponent {
  constructor(
    binary: string,
    logDir: string,
    private readonly dir: string,
    private readonly credentials: ControlPlaneCredentials & { readonly ca: string },
    private readonly etcdUrl: string,
    readonly port: number,
  ) {
    super('kube-apiserver', binary, logDir);
  }

  get server(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  protected args(): string[] {
    const { credentials } = this;
    return [
      `--etcd-servers=${this.etcdUrl}`,
      '--bind-address=127.0.0.1',
      // Machines without a default route cannot pick an advertise address themselves.
      '--advertise-address=127.0.0.1',
      `--secure-port=${this.port}`,
      `--cert-dir=${join(this.dir, 'apiserver-certs')}`,
      `--tls-cert-file=${credentials.servingCertPath}`,
      `--tls-private-key-file=${credentials.servingKeyPath}`,
      `--client-ca-file=${credentials.caCertPath}`,
      `--token-auth-file=${credentials.tokenFilePath}`,
      `--service-account-key-file=${credentials.serviceAccountKeyPath}`,
      `--service-account-signing-key-file=${credentials.serviceAccountKeyPath}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      // No kubelet or real endpoints here: the apiserver must not try to maintain its own Endpoints.
      '--endpoint-reconciler-type=none',
    ];
  }

  protected health(): HealthCheck {
    return { url: `${this.server}/readyz`, ca: this.credentials.ca, headers: { authorization: `Bearer ${this.credentials.adminToken}` } };
  }
}
