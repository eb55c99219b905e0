// etcd for the local control plane: throw-away data on free ports.
import { join } from 'node:path';
import { type HealthCheck, LocalComponent } from './component.js';

export class Etcd extends LocalComponent {
  constructor(
    binary: string,
    logDir: string,
    private readonly dataDir: string,
    readonly port: number,
    private readonly peerPort: number,
  ) {
    super('etcd', binary, logDir);
  }

  get clientUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  protected args(): string[] {
    const peer = `http://127.0.0.1:${this.peerPort}`;
    return [
      '--name=default',
      `--data-dir=${join(this.dataDir, 'etcd')}`,
      `--listen-client-urls=${this.clientUrl}`,
      `--advertise-client-urls=${this.clientUrl}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=default=${peer}`,
      // Throw-away data: durability costs time and measures the disk, not the controller.
      '--unsafe-no-fsync',
    ];
  }

  protected health(): HealthCheck {
    return { url: `${this.clientUrl}/health` };
  }
}
