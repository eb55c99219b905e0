// The controllers under test, by name. A run uses the one that started on its cluster, else the one that
// LOADTEST_CONTROLLER names (default kgateway), configured by its own variables.
import { ConfigError, type Env, readString } from '../env.js';
import { calibration } from './calibration/index.js';
import type { ControllerUnderTest, PublishedBenchFigures } from './controller.js';
import { istio } from './istio/index.js';
import { kgateway } from './kgateway/index.js';
import { controllerSection } from './section.js';
import { traefik } from './traefik/index.js';

const CONTROLLERS: Readonly<Record<string, ControllerUnderTest>> = {
  [kgateway.name]: kgateway,
  [traefik.name]: traefik,
  [istio.name]: istio,
  [calibration.name]: calibration,
};

export const DEFAULT_CONTROLLER = controllerSection.settings.name.default;
export const CONTROLLER_VARIABLE = controllerSection.settings.name.env;

export function controllerNames(): string[] {
  return Object.keys(CONTROLLERS);
}

/** Every controller that can be measured: all modules but the calibration instrument (never the thing measured). */
export function controllersUnderTest(): string[] {
  return controllerNames().filter((name) => name !== calibration.name);
}

export function controllerNamed(name: string = DEFAULT_CONTROLLER): ControllerUnderTest {
  const controller = CONTROLLERS[name];
  if (!controller) throw new ConfigError(`no controller module named ${JSON.stringify(name)}; known: ${controllerNames().join(', ')}`);
  return controller;
}

/** gateway-api-bench's published Attached Routes figures of the named controllers that it measured (their publishedBench). */
export function publishedBenchOf(names: readonly string[]): Record<string, PublishedBenchFigures> {
  return Object.fromEntries(
    names.flatMap((name) => {
      const figures = controllerNamed(name).publishedBench;
      return figures ? [[name, figures] as const] : [];
    }),
  );
}

/** Every variable any controller module reads, LOADTEST_CONTROLLER included (an A/B arm clears them all). */
export function controllerVariables(): string[] {
  return [CONTROLLER_VARIABLE, ...Object.values(CONTROLLERS).flatMap((controller) => controller.variables)];
}

/**
 * The controller LOADTEST_CONTROLLER names (default kgateway), configured by its own variables. Variables of another
 * module are refused: KGATEWAY_SOURCE with LOADTEST_CONTROLLER=calibration is a mistake, not a wish.
 */
export function controllerFromEnv(env: Env): ControllerUnderTest {
  const name = readString(env, CONTROLLER_VARIABLE) ?? DEFAULT_CONTROLLER;
  const controller = CONTROLLERS[name];
  if (!controller) throw new ConfigError(`${CONTROLLER_VARIABLE}=${JSON.stringify(name)} names no controller; known: ${controllerNames().join(', ')}`);
  const foreign = Object.values(CONTROLLERS)
    .filter((other) => other !== controller)
    .flatMap((other) => other.variables.filter((variable) => !controller.variables.includes(variable) && readString(env, variable) !== undefined));
  if (foreign.length > 0) {
    throw new ConfigError(`${foreign.join(', ')} set, but the controller under test is ${name} (${CONTROLLER_VARIABLE}), which does not read them`);
  }
  return controller.configure(env);
}

/** The variables of `env` that configure a controller, set or not (the run starts none when these are set). */
export function controllerVariablesSet(env: Env): string[] {
  return controllerVariables().filter((variable) => readString(env, variable) !== undefined);
}

/** The controller a cluster started, or the default one (an existing cluster runs what its owner installed). */
export function controllerOf(cluster: { readonly controller?: { readonly name: string } }): ControllerUnderTest {
  return controllerNamed(cluster.controller?.name);
}

export type {
  ControllerSpecParts,
  ControllerStartContext,
  ControllerUnderTest,
  GatewayCompanion,
  GatewayRef,
  GatewayStatusNudge,
  PublishedBenchFigures,
  StartedController,
  XdsMetadataValue,
} from './controller.js';
