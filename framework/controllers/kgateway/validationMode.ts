// kgateway's validation mode as a run option (KGATEWAY_VALIDATION_MODE -> KGW_VALIDATION_MODE). STRICT in v2.4.2
// validates routes and clusters by running `envoy --mode validate` from the fixed path /usr/local/bin/envoy
// (pkg/validator/validator.go, NewBinary() with no path); without that binary every call fails, and kgateway then
// drops or replaces every route and blackholes every cluster (pkg/kgateway/translator/irtranslator/validate.go,
// route.go, backend.go). So STRICT is refused where that binary is missing: its figures would measure a broken
// configuration, not strict validation.
import { existsSync } from 'node:fs';
import { ConfigError, type Env, readString } from '../../env.js';
import { kgatewaySection, VALIDATION_MODES } from './section.js';

export const VALIDATION_MODE_VARIABLE = kgatewaySection.settings.validationMode.env;
export { VALIDATION_MODES };
/** Where kgateway v2.4.2's strict validator runs Envoy from; it cannot be configured. */
export const ENVOY_VALIDATOR_PATH = '/usr/local/bin/envoy';

/** The kgateway environment for the chosen mode (empty: kgateway's default, STANDARD); ConfigError for bad input. */
export function kgatewayValidationEnv(env: Env, envoyPresent: () => boolean = () => existsSync(ENVOY_VALIDATOR_PATH)): Record<string, string> {
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
      `${name}=STRICT needs an Envoy binary at ${ENVOY_VALIDATOR_PATH}: kgateway's strict mode runs "envoy --mode validate" from that fixed path, and without it every route would be dropped or replaced`,
    );
  }
  return { KGW_VALIDATION_MODE: mode };
}
