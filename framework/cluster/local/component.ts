// One binary of the local control plane (envtest's model): its flags, with a configure() hook to adjust them,
// started as a child process and healthy once its health endpoint answers 200.
import { join } from 'node:path';
import { waitForHealthy } from '../process/health.js';
import { type ManagedProcess, startProcess } from '../process/processes.js';

export const START_TIMEOUT_MS = 60_000;

export interface HealthCheck {
  readonly url: string;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly headers?: Record<string, string>;
}

export abstract class LocalComponent {
  private running: ManagedProcess | undefined;
  /** Adjusts the flags before each start (tests, experiments). */
  configure: (args: string[]) => string[] = (args) => args;

  constructor(
    readonly name: string,
    private readonly binary: string,
    private readonly logDir: string,
  ) {}

  protected abstract args(): string[];
  protected abstract health(): HealthCheck;

  get logPath(): string {
    return join(this.logDir, `${this.name}.log`);
  }

  /** The running process (only a started component has one). */
  get process(): ManagedProcess {
    if (!this.running) throw new Error(`${this.name} is not running`);
    return this.running;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async start(): Promise<void> {
    const child = startProcess({ name: this.name, binary: this.binary, args: this.configure(this.args()), logPath: this.logPath });
    this.running = child;
    try {
      await waitForHealthy({ ...this.health(), process: child, timeoutMs: START_TIMEOUT_MS });
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.running;
    this.running = undefined;
    await child?.stop();
  }
}
