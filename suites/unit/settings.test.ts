// Choosing the cluster from the environment: defaults, kind's context names, and clear errors for bad values.
import { describe, expect, test } from 'vitest';
import { readClusterSettings } from '../../framework/cluster/settings.js';
import { chooseContext, isTestContext } from '../../framework/cluster/providers/existing.js';
import { ConfigError } from '../../framework/env.js';

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
