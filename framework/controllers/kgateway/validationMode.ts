// kgateway's validation mode as a run option (KGATEWAY_VALIDATION_MODE -> KGW_VALIDATION_MODE). STRICT in v2.4.2
// validates routes and clusters by running `envoy --mode validate` from the fixed path /usr/local/bin/envoy
// (pkg/validator/validator.go, NewBinary() with no path); without that binary every call fails, and kgateway then
// drops or replaces every route and blackholes every cluster (pkg/kgateway/translator/irtranslator/validate.go,
// route.go, backend.go). Where that path has no binary, the embedded default's own Envoy (framework/envoy/) is shown
// to kgateway alone at that path: kgateway runs in a private mount namespace in which the Envoy's cache directory is
// bind-mounted over /usr/local/bin, so nothing is written outside the cache. Without either, STRICT is refused: its
// figures would measure a broken configuration, not strict validation.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, type Env, readString } from '../../env.js';
import { readEnvoySettings } from '../../envoy/settings.js';
import { kgatewaySection, VALIDATION_MODES } from './section.js';

export const VALIDATION_MODE_VARIABLE = kgatewaySection.settings.validationMode.env;
export { VALIDATION_MODES };
/** Where kgateway v2.4.2's strict validator runs Envoy from; it cannot be configured. */
export const ENVOY_VALIDATOR_PATH = '/usr/local/bin/envoy';

/** Whether STRICT can have an Envoy: one at the fixed path, or the embedded default's (unless LOADTEST_ENVOY=false). */
function envoyForValidation(env: Env): boolean {
  return existsSync(ENVOY_VALIDATOR_PATH) || readEnvoySettings(env).enabled !== false;
}

/** The kgateway environment for the chosen mode (empty: kgateway's default, STANDARD); ConfigError for bad input. */
export function kgatewayValidationEnv(env: Env, envoyPresent: () => boolean = () => envoyForValidation(env)): Record<string, string> {
  // kgateway's own variable reaches it too (the environment is passed through): it gets the same check.
  const name = readString(env, VALIDATION_MODE_VARIABLE) !== undefined ? VALIDATION_MODE_VARIABLE : 'KGW_VALIDATION_MODE';
  const value = readString(env, name);
  if (value === undefined) return {};
  const mode = value.toUpperCase();
  if (!(VALIDATION_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(`${name}=${JSON.stringify(value)}: expected one of ${VALIDATION_MODES.join(', ')}`);
  }
  if (mode === 'STRICT' && !envoyPresent()) {
    throw new ConfigError(
      `${name}=STRICT needs an Envoy binary at ${ENVOY_VALIDATOR_PATH} (or the embedded default's own Envoy, which LOADTEST_ENVOY=false turns off): kgateway's strict mode runs "envoy --mode validate" from that fixed path, and without it every route would be dropped or replaced`,
    );
  }
  return { KGW_VALIDATION_MODE: mode };
}

/** How to start kgateway so that STRICT finds `envoy` at the fixed path. */
export interface ValidatorLaunch {
  readonly binary: string;
  readonly args: readonly string[];
  /** For progress lines and reports: which Envoy validates. */
  readonly validator: string;
}

/**
 * The command that starts kgateway: as it is, or (STRICT, no binary at the fixed path) inside a private mount
 * namespace with `envoyBinary`'s directory over /usr/local/bin. Needs CAP_SYS_ADMIN (root) for the mount namespace.
 */
export function kgatewayLaunch(
  kgatewayBinary: string,
  mode: string | undefined,
  envoyBinary: string | undefined,
  checks: { readonly fixedPathExists: boolean; readonly isRoot: boolean } = {
    fixedPathExists: existsSync(ENVOY_VALIDATOR_PATH),
    isRoot: process.getuid?.() === 0,
  },
): ValidatorLaunch {
  if (mode !== 'STRICT') return { binary: kgatewayBinary, args: [], validator: 'none (STANDARD)' };
  if (checks.fixedPathExists) return { binary: kgatewayBinary, args: [], validator: ENVOY_VALIDATOR_PATH };
  if (!envoyBinary) throw new Error(`STRICT validation needs an Envoy: none at ${ENVOY_VALIDATOR_PATH}, and the embedded default installed none`);
  if (!checks.isRoot) {
    throw new Error(
      `STRICT validation with the embedded default's Envoy needs a private mount namespace (root) to show ${envoyBinary} at ${ENVOY_VALIDATOR_PATH}; run as root or install Envoy there`,
    );
  }
  // `unshare` without --fork execs in place, as does `sh -c 'exec'`: the process keeps one pid (its /proc figures).
  return {
    binary: 'unshare',
    args: ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$0" /usr/local/bin && exec "$1"', dirname(envoyBinary), kgatewayBinary],
    validator: `${envoyBinary}, bind-mounted over /usr/local/bin in kgateway's own mount namespace`,
  };
}
