// One Envoy serving one Gateway: a local process with a bootstrap that identifies it to the controller as that
// Gateway's proxy, its log and bootstrap beside the run's other logs, ready once its admin endpoint lists the
// Gateway's listener on the listener's port. Envoy's admin endpoint has no stream to wait on, so readiness is polled
// (every 20 ms, start-up only); every figure after that comes from real requests.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../cluster/process/ports.js';
import { type ManagedProcess, startProcess } from '../cluster/process/processes.js';
import { EnvoyAdmin } from './admin.js';
import { type EnvoyNode, envoyBootstrap, xdsEndpoint } from './bootstrap.js';

export interface GatewayEnvoyOptions {
  readonly binary: string;
  readonly node: EnvoyNode;
  /** The controller's xDS server, `<IPv4>:<port>`. */
  readonly xdsAddress: string;
  /** Where the log and the bootstrap go (the run's log directory). */
  readonly logDir: string;
  /** File names in logDir: `<name>.log`, `<name>.bootstrap.json`. */
  readonly name: string;
  /** The port the Gateway's listener asks for, which the controller's listener binds as it is (kgateway v2.4.2). */
  readonly listenerPort: number;
  readonly timeoutMs: number;
}

export interface GatewayEnvoy {
  readonly pid: number;
  readonly process: ManagedProcess;
  readonly admin: EnvoyAdmin;
  /** Where requests for the Gateway's routes go: loopback, the listener's port. */
  readonly dataPlaneUrl: string;
  readonly bootstrapPath: string;
  /** Start → the listener bound and the server LIVE. */
  readonly readyMs: number;
  /** "Envoy (pid 123) is running" or how it ended, with its log's last lines: for error messages. */
  describe(): string;
  stop(): Promise<void>;
}

/** Whether this process could bind the port on every address, as Envoy will (kgateway binds 0.0.0.0). */
function bindProblem(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(`port ${port} is in use (another Gateway's Envoy, or another server on it)`);
      else if (error.code === 'EACCES') {
        resolve(`port ${port} needs privileges to bind (run as root, give Envoy CAP_NET_BIND_SERVICE, or lower net.ipv4.ip_unprivileged_port_start)`);
      } else resolve(`port ${port} cannot be bound (${error.message})`);
    });
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(undefined)));
  });
}

export async function startGatewayEnvoy(options: GatewayEnvoyOptions): Promise<GatewayEnvoy> {
  const problem = await bindProblem(options.listenerPort);
  if (problem) throw new Error(`cannot start Envoy for ${options.node.cluster}: ${problem}; LOADTEST_ENVOY=false runs without it (route ready by xDS)`);
  const adminPort = await freePort();
  const bootstrapPath = join(options.logDir, `${options.name}.bootstrap.json`);
  writeFileSync(bootstrapPath, `${JSON.stringify(envoyBootstrap({ node: options.node, xds: xdsEndpoint(options.xdsAddress), adminPort }), null, 2)}\n`);
  const started = performance.now();
  const child = startProcess({
    name: options.name,
    binary: options.binary,
    // As kgateway's Deployment runs it (--disable-hot-restart: no shared memory, so two Envoys never collide).
    args: ['-c', bootstrapPath, '--disable-hot-restart', '--log-level', 'info'],
    logPath: join(options.logDir, `${options.name}.log`),
  });
  let exitedWith: string | undefined;
  void child.exited.then((how) => (exitedWith = how));
  const admin = new EnvoyAdmin(`http://127.0.0.1:${adminPort}`);
  let adminClosed = false;
  const describe = () =>
    exitedWith === undefined
      ? `Envoy (pid ${child.pid}) is running; log ${child.logPath}`
      : `Envoy (pid ${child.pid}) has exited (${exitedWith}); its log ${child.logPath} ends with:\n${child.logTail(10)}`;
  const fail = async (why: string): Promise<never> => {
    await child.stop();
    await admin.close();
    throw new Error(`Envoy for ${options.node.cluster} not ready: ${why}; log ${child.logPath}:\n${child.logTail(15)}`);
  };
  const deadline = started + options.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    if (exitedWith !== undefined) return fail(`it exited (${exitedWith})`);
    if (performance.now() > deadline) return fail(`after ${options.timeoutMs} ms (${last})`);
    try {
      const listeners = await admin.listeners();
      const ours = listeners.find((l) => l.port === options.listenerPort);
      if (ours && (await admin.ready())) break;
      const stats = await admin.configStats();
      if (stats.listenerCreateFailures > 0) return fail(`it could not create ${stats.listenerCreateFailures} listener(s)`);
      if (stats.updates.lds.rejected > 0)
        return fail(`it rejected the controller's listeners (${stats.updates.lds.rejected} LDS update(s) NACKed; the reason is in its log)`);
      last = `listeners: ${listeners.map((l) => `${l.name}:${l.port}`).join(', ') || 'none'}; xDS ${stats.controlPlaneConnected ? 'connected' : 'not connected'}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(20);
  }
  return {
    pid: child.pid,
    process: child,
    admin,
    dataPlaneUrl: `http://127.0.0.1:${options.listenerPort}`,
    bootstrapPath,
    readyMs: performance.now() - started,
    describe,
    // Safe to call twice (a run's cleanup may follow a test's own stop).
    stop: async () => {
      await child.stop();
      if (!adminClosed) {
        adminClosed = true;
        await admin.close();
      }
    },
  };
}
