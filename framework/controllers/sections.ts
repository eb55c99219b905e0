// The settings sections of the controller modules, for the configuration's registry (config/sections.ts), which
// names no controller itself.
import type { Section } from '../config/section.js';
import { calibrationSection } from './calibration/section.js';
import { kgatewaySection } from './kgateway/section.js';
import { controllerSection } from './section.js';
import { traefikSection } from './traefik/section.js';

export const CONTROLLER_SECTIONS: readonly Section[] = [controllerSection, kgatewaySection, traefikSection, calibrationSection];

/** Prefixes that controller modules own: a variable with one of them that is no setting is a mistake. */
export const CONTROLLER_SETTING_PREFIXES: readonly string[] = ['KGATEWAY_'];
