// Choosing the cluster from the environment: defaults, kind's context names, and clear errors for bad values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chooseContext, isTestContext } from '../../framework/cluster/providers/existing.js';
import { embeddedDefaultHint, readClusterSettings as readSettings } from '../../framework/cluster/settings.js';
import { controllerNamed } from '../../framework/controllers/index.js';
import { ConfigError, type Env } from '../../framework/env.js';
import { readAttachedRoutesConfig, withControllerPhaseTimeout } from '../../framework/loadtest/settings.js';
import { newRunId, runStartedAt } from '../../framework/run/runId.js';
import { selectProvider } from '../../framework/testBed.js';

/** With the default controller's install namespace, as a run without LOADTEST_CONTROLLER reads them. */
const readClusterSettings = (env: Env) => readSettings(env, controllerNamed().defaultInstallNamespace);

describe('ClusterSettings', () => {
  test('defaults to the local provider, kgateway-system, and installing', () => {
    expect(readClusterSettings({})).toMatchObject({ provider: 'local', installNamespace: 'kgateway-system', skipInstall: false });
  });

  test('CLUSTER_NAME or KUBECONFIG select an existing cluster unless a provider is named', () => {
    expect(readClusterSettings({ CLUSTER_NAME: 'kind' }).provider).toBe('existing');
    expect(readClusterSettings({ KUBECONFIG: '/x' }).provider).toBe('existing');
    expect(readClusterSettings({ KUBECONFIG: '/x', CLUSTER_PROVIDER: 'local' }).provider).toBe('local');
  });

  test.each([
    [{ SKIP_INSTALL: 'maybe' }, /SKIP_INSTALL="maybe" is not a boolean/],
    [{ CLUSTER_PROVIDER: 'gke' }, /CLUSTER_PROVIDER="gke" is not one of: local, existing, k3s/],
    [{ INSTALL_NAMESPACE: 'Bad_NS' }, /INSTALL_NAMESPACE="Bad_NS" is not a valid namespace name/],
  ])('%o is refused', (env, message) => {
    expect(() => readClusterSettings(env)).toThrow(ConfigError);
    expect(() => readClusterSettings(env)).toThrow(message);
  });

  test('CLUSTER_NAME=kind selects context kind-kind; an exact context name works too', () => {
    expect(chooseContext(['kind-kind', 'prod'], 'prod', 'kind', 'cfg')).toBe('kind-kind');
    expect(chooseContext(['kind-kind', 'prod'], 'prod', 'prod', 'cfg')).toBe('prod');
    expect(chooseContext(['kind-kind', 'prod'], 'prod', undefined, 'cfg')).toBe('prod');
  });

  test('only recognisable test clusters are used without an explicit opt-in', () => {
    expect(isTestContext('kind-kind')).toBe(true);
    expect(isTestContext('gateway-loadtest-local')).toBe(true);
    expect(isTestContext('prod-eu-1')).toBe(false);
  });
});

describe('Threshold overrides', () => {
  // [env, Baseline's (1,000 routes) setup/teardown, Production's (5,000 routes) setup/teardown]
  test.each<[string, Env, [number, number], [number, number]]>([
    ['none: by route count', {}, [30_000, 10_000], [90_000, 20_000]],
    ['unscoped: every block', { LOADTEST_SETUP_THRESHOLD_MS: '500', LOADTEST_TEARDOWN_THRESHOLD_MS: '400' }, [500, 400], [500, 400]],
    ['Baseline only', { LOADTEST_BASELINE_SETUP_THRESHOLD_MS: '700' }, [700, 10_000], [90_000, 20_000]],
    ['Production only', { LOADTEST_PRODUCTION_TEARDOWN_THRESHOLD_MS: '3000' }, [30_000, 10_000], [90_000, 3000]],
    [
      "a block's own beats the unscoped one",
      { LOADTEST_SETUP_THRESHOLD_MS: '500', LOADTEST_PRODUCTION_SETUP_THRESHOLD_MS: '2500' },
      [500, 10_000],
      [2500, 20_000],
    ],
  ])('%s', (_, env, baseline, production) => {
    const thresholds = (scale: string, routes: number) => {
      const { setupMs, teardownMs } = readAttachedRoutesConfig(env, scale, routes, 'kgateway').thresholds;
      return [setupMs, teardownMs];
    };
    expect(thresholds('BASELINE', 1000)).toEqual(baseline);
    expect(thresholds('PRODUCTION', 5000)).toEqual(production);
  });
});

describe('Bad input', () => {
  test.each<[string, Env, RegExp]>([
    ['zero routes', { LOADTEST_BASELINE_ROUTES: '0' }, /LOADTEST_BASELINE_ROUTES="0" is not a positive whole number/],
    ['negative routes', { LOADTEST_BASELINE_ROUTES: '-5' }, /LOADTEST_BASELINE_ROUTES="-5" is not a positive whole number/],
    ['non-numeric routes', { LOADTEST_BASELINE_ROUTES: 'many' }, /LOADTEST_BASELINE_ROUTES="many"/],
    [
      'batch larger than the route count',
      { LOADTEST_BASELINE_ROUTES: '10', LOADTEST_BATCH_SIZE: '20' },
      /LOADTEST_BATCH_SIZE=20 is larger than the route count 10/,
    ],
    ['zero samples', { LOADTEST_SAMPLES: '0' }, /LOADTEST_SAMPLES="0"/],
    ['fractional concurrency', { LOADTEST_CONCURRENCY: '1.5' }, /LOADTEST_CONCURRENCY="1.5"/],
    ['negative grace period', { LOADTEST_GRACE_PERIOD_MS: '-1' }, /LOADTEST_GRACE_PERIOD_MS="-1"/],
    ['non-numeric threshold', { LOADTEST_SETUP_THRESHOLD_MS: '30s' }, /LOADTEST_SETUP_THRESHOLD_MS="30s"/],
    ['zero teardown threshold', { LOADTEST_TEARDOWN_THRESHOLD_MS: '0' }, /LOADTEST_TEARDOWN_THRESHOLD_MS="0"/],
    ['non-numeric block threshold', { LOADTEST_BASELINE_SETUP_THRESHOLD_MS: '1m' }, /LOADTEST_BASELINE_SETUP_THRESHOLD_MS="1m"/],
    ['zero phase timeout', { LOADTEST_PHASE_TIMEOUT_MS: '0' }, /LOADTEST_PHASE_TIMEOUT_MS="0"/],
    ['invalid GatewayClass name', { GATEWAY_CLASS: 'Not A Name' }, /GATEWAY_CLASS="Not A Name" is not a valid GatewayClass name/],
  ])('%s is refused with the variable and the value', (_name, env, message) => {
    expect(() => readAttachedRoutesConfig(env, 'BASELINE', 1000, 'kgateway')).toThrow(ConfigError);
    expect(() => readAttachedRoutesConfig(env, 'BASELINE', 1000, 'kgateway')).toThrow(message);
  });

  test.each<[string, Env, RegExp]>([
    ['unknown provider', { CLUSTER_PROVIDER: 'eks' }, /CLUSTER_PROVIDER="eks" is not one of: local, existing, k3s/],
    ['malformed SKIP_INSTALL', { SKIP_INSTALL: 'yes please' }, /SKIP_INSTALL="yes please" is not a boolean/],
    ['invalid INSTALL_NAMESPACE', { INSTALL_NAMESPACE: '-x-' }, /INSTALL_NAMESPACE="-x-"/],
  ])('%s is refused', (_name, env, message) => {
    expect(() => readClusterSettings(env)).toThrow(message);
  });

  test.each<[string, Env, RegExp]>([
    ['a data-plane URL that is not a URL', { LOADTEST_DATA_PLANE_URL: 'gateway:8080' }, /LOADTEST_DATA_PLANE_URL="gateway:8080" is not an http\(s\) URL/],
    [
      'a metrics URL of another scheme',
      { LOADTEST_CONTROLLER_METRICS_URL: 'ftp://x/metrics' },
      /LOADTEST_CONTROLLER_METRICS_URL="ftp:\/\/x\/metrics" is not an http\(s\) URL/,
    ],
    ['an invalid GATEWAY_CLASS', { GATEWAY_CLASS: 'Not A Name' }, /GATEWAY_CLASS="Not A Name" is not a valid GatewayClass name/],
  ])('%s is refused when the settings are read, before any provider exists', (_name, env, message) => {
    expect(() => readClusterSettings({ CLUSTER_PROVIDER: 'existing', SKIP_INSTALL: 'true', ...env })).toThrow(message);
  });

  test('an unknown CLUSTER_NAME is refused with the contexts that exist, before any provider starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
    const kubeconfigPath = join(dir, 'config');
    writeFileSync(kubeconfigPath, kubeConfigWithContexts(['kind-kind', 'staging']));
    const attempt = () => selectProvider({ CLUSTER_NAME: 'nope', KUBECONFIG: kubeconfigPath, SKIP_INSTALL: 'true' }, join(dir, 'logs'));
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/CLUSTER_NAME="nope": no context "kind-nope" or "nope" .* contexts there are: kind-kind, staging/);
  });

  describe('an exported KUBECONFIG never quietly replaces the embedded default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-hint-test-'));
    const kubeconfig = (current: string) => {
      const path = join(dir, `${current}.config`);
      writeFileSync(path, kubeConfigWithContexts([current, 'kind-other']));
      return path;
    };
    const hint =
      /CLUSTER_PROVIDER is not set, so the exported KUBECONFIG \(.*\) chose the existing-cluster provider.*`env -u KUBECONFIG npm run baseline`, or `CLUSTER_PROVIDER=local npm run baseline`/;

    test.each<[string, (path: string) => Env, string, RegExp | 'local' | 'existing', boolean]>([
      [
        'a production context, provider not set',
        (k) => ({ KUBECONFIG: k }),
        'prod-eu-1',
        /not recognised as a test cluster.*LOADTEST_ALLOW_CONTEXT=prod-eu-1/,
        true,
      ],
      ['a kind context without SKIP_INSTALL, provider not set', (k) => ({ KUBECONFIG: k }), 'kind-kind', /installs nothing.*SKIP_INSTALL=true/, true],
      [
        'a production context, CLUSTER_PROVIDER=existing on purpose',
        (k) => ({ KUBECONFIG: k, CLUSTER_PROVIDER: 'existing' }),
        'prod-eu-1',
        /not recognised/,
        false,
      ],
      ['a production context chosen by CLUSTER_NAME', (k) => ({ KUBECONFIG: k, CLUSTER_NAME: 'prod-eu-1' }), 'prod-eu-1', /not recognised/, false],
      ['CLUSTER_PROVIDER=local beside the KUBECONFIG', (k) => ({ KUBECONFIG: k, CLUSTER_PROVIDER: 'local' }), 'prod-eu-1', 'local', false],
      ['a kind context with SKIP_INSTALL=true', (k) => ({ KUBECONFIG: k, SKIP_INSTALL: 'true' }), 'kind-kind', 'existing', false],
      [
        'a production context allowed by LOADTEST_ALLOW_CONTEXT',
        (k) => ({ KUBECONFIG: k, SKIP_INSTALL: 'true', LOADTEST_ALLOW_CONTEXT: 'prod-eu-1' }),
        'prod-eu-1',
        'existing',
        false,
      ],
    ])('%s', (_name, env, current, expected, hinted) => {
      const attempt = () => selectProvider(env(kubeconfig(current)), join(dir, 'logs'));
      if (typeof expected === 'string') {
        expect(attempt().name).toBe(expected);
        return;
      }
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(expected);
      if (hinted) expect(attempt).toThrow(hint);
      else expect(attempt).not.toThrow(/env -u KUBECONFIG/);
    });

    test('the hint is given only when KUBECONFIG alone chose the provider', () => {
      expect(readClusterSettings({}).providerChosenBy).toBe('default');
      expect(readClusterSettings({ KUBECONFIG: '/x' }).providerChosenBy).toBe('KUBECONFIG');
      expect(readClusterSettings({ KUBECONFIG: '/x', CLUSTER_NAME: 'kind' }).providerChosenBy).toBe('CLUSTER_NAME');
      expect(readClusterSettings({ KUBECONFIG: '/x', CLUSTER_PROVIDER: 'existing' }).providerChosenBy).toBe('CLUSTER_PROVIDER');
      expect(embeddedDefaultHint({ providerChosenBy: 'CLUSTER_NAME', kubeconfig: '/x' })).toBe('');
    });
  });

  test('a run id tells when the run started', () => {
    const started = new Date('2026-01-02T03:04:05Z');
    expect(runStartedAt(newRunId(started))).toEqual(started);
    expect(runStartedAt('not-a-run')).toBeUndefined();
  });
});

function kubeConfigWithContexts(contexts: string[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u' } })),
    'current-context': contexts[0],
  });
}

describe('phase timeout of a slow controller', () => {
  const slow = { phaseTimeoutMs: (routes: number) => routes * 300 };
  test('a controller that needs longer gets it at scale, never less than the default', () => {
    expect(withControllerPhaseTimeout(readAttachedRoutesConfig({}, 'PRODUCTION', 5000, 'c'), {}, slow).phaseTimeoutMs).toBe(1_500_000);
    expect(withControllerPhaseTimeout(readAttachedRoutesConfig({}, 'BASELINE', 100, 'c'), {}, slow).phaseTimeoutMs).toBe(300_000);
  });
  test('LOADTEST_PHASE_TIMEOUT_MS wins, and a controller without a need keeps the default', () => {
    const env = { LOADTEST_PHASE_TIMEOUT_MS: '1000' };
    expect(withControllerPhaseTimeout(readAttachedRoutesConfig(env, 'PRODUCTION', 5000, 'c'), env, slow).phaseTimeoutMs).toBe(1000);
    expect(withControllerPhaseTimeout(readAttachedRoutesConfig({}, 'PRODUCTION', 5000, 'c'), {}, {}).phaseTimeoutMs).toBe(600_000);
  });
});
