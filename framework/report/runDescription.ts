// What a report says about the run itself: the host, the harness's commit, the controller, Kubernetes and the
// settings, so that a report read months later (or by `compare`) tells what was measured where.
import { execFileSync } from 'node:child_process';
import { arch, availableParallelism, cpus, loadavg, type as osType, platform, release, totalmem } from 'node:os';

export interface NotMeasured {
  readonly notMeasured: string;
}

export interface HostDescription {
  readonly cpuModel: string;
  /** Logical CPUs this process may use (os.availableParallelism()). */
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: { readonly type: string; readonly platform: string; readonly release: string; readonly arch: string };
  readonly nodeVersion: string;
  /**
   * The 1, 5 and 15 minute load averages when the description was taken (at the end of a run): other work on the
   * machine moves timings, so a report says how busy it was. Reports written before it have none.
   */
  readonly loadAverage?: readonly [number, number, number];
}

export interface HarnessDescription {
  readonly commit: string;
  /** True when the work tree had uncommitted changes: the commit alone does not say what ran. */
  readonly dirty: boolean;
}

export interface ControllerDescription {
  /** The controller module's name (framework/controllers/). */
  readonly name: string;
  /** e.g. "v2.4.2", or a checkout's commit. */
  readonly version: string;
  /** Where the binary came from: a module version from the proxy, a checkout, or a prebuilt binary. */
  readonly origin: string;
}

export interface RunDescription {
  /** When the report was written (ISO 8601). */
  readonly generatedAt: string;
  readonly host: HostDescription;
  readonly harness: HarnessDescription | NotMeasured;
  readonly controller: ControllerDescription | NotMeasured;
  readonly kubernetesVersion: string;
  /** Every setting the run used (the test's configuration, the provider, ...), as given by the suite. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The environment variables that steer the harness, as set for this run. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface DescribeRunInput {
  readonly controller: ControllerDescription | NotMeasured;
  readonly kubernetesVersion: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Defaults to process.env; only the harness's own variables are kept (see HARNESS_VARIABLE). */
  readonly env?: NodeJS.ProcessEnv;
  /** Prefixes of the controller module's own variables (its version or source settings), kept in the report too. */
  readonly controllerVariablePrefixes?: readonly string[];
  /** The harness's checkout; defaults to the working directory. */
  readonly harnessDir?: string;
}

/** Variables the harness reads (KUBECONFIG as a path, never its content). */
const HARNESS_VARIABLE = /^(LOADTEST_|CLUSTER_PROVIDER$|CLUSTER_NAME$|INSTALL_NAMESPACE$|SKIP_INSTALL$|GATEWAY_CLASS$|KUBECONFIG$)/;

export function describeHost(): HostDescription {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    os: { type: osType(), platform: platform(), release: release(), arch: arch() },
    nodeVersion: process.version,
    loadAverage: loadavg() as [number, number, number],
  };
}

export function describeHarness(dir: string): HarnessDescription | NotMeasured {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
  } catch (error) {
    return { notMeasured: `git could not tell the harness's commit in ${dir}: ${(error as Error).message.split('\n')[0]}` };
  }
}

export function describeRun(input: DescribeRunInput): RunDescription {
  const env = input.env ?? process.env;
  const environment = Object.fromEntries(
    Object.entries(env)
      .filter(
        (entry): entry is [string, string] =>
          entry[1] !== undefined && (HARNESS_VARIABLE.test(entry[0]) || (input.controllerVariablePrefixes ?? []).some((prefix) => entry[0].startsWith(prefix))),
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    generatedAt: new Date().toISOString(),
    host: describeHost(),
    harness: describeHarness(input.harnessDir ?? process.cwd()),
    controller: input.controller,
    kubernetesVersion: input.kubernetesVersion,
    settings: input.settings,
    environment,
  };
}

/** The cluster fields describeControllerUnderTest and the run's settings read (ClusterDescription of cluster/provider.ts). */
export interface DescribedCluster {
  readonly provider: string;
  readonly server: string;
  readonly context: string;
  readonly installNamespace: string;
  readonly gatewayClassName: string;
  readonly capabilities: object;
  readonly controller?: { readonly name: string; readonly version: string; readonly origin?: string };
  readonly controllerMetricsUrl?: string;
  readonly dataPlaneUrl?: string;
  readonly dataPlaneAbsentReason?: string;
}

/**
 * The controller under test as the report names it. Its origin is what the controller module reported
 * (ClusterDescription.controller.origin); a module that reports none was built the default way, from the Go module
 * proxy at its version (`defaultModules` names each controller's Go module).
 */
export function describeControllerUnderTest(cluster: DescribedCluster, defaultModules: Readonly<Record<string, string>>): ControllerDescription | NotMeasured {
  const { controller } = cluster;
  if (!controller) return { notMeasured: `not started by this run (${cluster.provider} cluster): its version and build are not known to the harness` };
  const module = defaultModules[controller.name];
  const origin = controller.origin ?? (module ? `Go module ${module}@${controller.version} (module proxy)` : 'not reported by the controller module');
  return { name: controller.name, version: controller.version, origin };
}

/** Every setting a run used: the test's configuration and the cluster it ran on (never credentials). */
export function runSettings(config: object, cluster: DescribedCluster): Record<string, unknown> {
  const { provider, server, context, installNamespace, gatewayClassName, capabilities, controllerMetricsUrl, dataPlaneUrl, dataPlaneAbsentReason } = cluster;
  return {
    ...config,
    cluster: { provider, server, context, installNamespace, gatewayClassName, capabilities, controllerMetricsUrl, dataPlaneUrl, dataPlaneAbsentReason },
  };
}
