// An A/B arm's controller, in one word: <name>[@<version>][:<argument>], e.g. kgateway, kgateway@v2.4.2,
// kgateway:source=/path, kgateway:binary=/path, calibration:50. The controller module turns the version and the
// argument into its own variables (specEnv), and checks them as a run would (configure), so that a bad spec fails
// before any cluster starts.
import { ConfigError } from '../env.js';
import { CONTROLLER_VARIABLE, controllerNamed, controllerNames } from './index.js';

export interface ControllerSpec {
  /** The spec as given, for progress lines and reports. */
  readonly text: string;
  readonly name: string;
  /** The variables a run of this arm gets: LOADTEST_CONTROLLER and the module's own. */
  readonly env: Readonly<Record<string, string>>;
}

const SPEC = /^([a-z][a-z0-9-]*)(?:@([^:]+))?(?::(.+))?$/;

export function parseControllerSpec(text: string): ControllerSpec {
  const match = SPEC.exec(text.trim());
  if (!match?.[1]) {
    throw new ConfigError(`controller spec ${JSON.stringify(text)}: expected <name>[@<version>][:<argument>], e.g. kgateway@v2.4.2 or calibration:50`);
  }
  const [, name, version, argument] = match;
  if (!controllerNames().includes(name))
    throw new ConfigError(`controller spec ${JSON.stringify(text)}: no controller named ${name}; known: ${controllerNames().join(', ')}`);
  const env = { [CONTROLLER_VARIABLE]: name, ...controllerNamed(name).specEnv({ version, argument }) };
  // Validates what the run would read (a missing directory, a binary that is not executable, ...).
  controllerNamed(name).configure(env);
  return { text: text.trim(), name, env };
}

/** Every module's spec syntax, for --help. */
export function controllerSpecHelp(): string[] {
  return controllerNames().flatMap((name) => controllerNamed(name).specHelp);
}
