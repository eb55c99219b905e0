// The controllers under test, by name. A run uses the one that started on its cluster, else the default.
import type { ControllerUnderTest } from './controller.js';
import { kgateway } from './kgateway/index.js';
import { traefik } from './traefik/index.js';

const CONTROLLERS: Readonly<Record<string, ControllerUnderTest>> = { [kgateway.name]: kgateway, [traefik.name]: traefik };

export const DEFAULT_CONTROLLER = kgateway.name;

export function controllerNames(): string[] {
  return Object.keys(CONTROLLERS);
}

export function controllerNamed(name: string = DEFAULT_CONTROLLER): ControllerUnderTest {
  const controller = CONTROLLERS[name];
  if (!controller) throw new Error(`no controller module named ${JSON.stringify(name)}; known: ${controllerNames().join(', ')}`);
  return controller;
}

/** The controller a cluster started, or the default one (an existing cluster runs what its owner installed). */
export function controllerOf(cluster: { readonly controller?: { readonly name: string } }): ControllerUnderTest {
  return controllerNamed(cluster.controller?.name);
}

export type { ControllerStartContext, ControllerUnderTest, GatewayStatusNudge, StartedController } from './controller.js';
