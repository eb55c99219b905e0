// A section of the configuration: the settings of one feature, each with its environment variable, its key in the
// config file (`<section>.<key>`), its kind of value, its default, its unit and a one-line description. A feature
// module defines its section beside the code that reads it; config/sections.ts registers every section.
import { type Env, readKind } from '../env.js';
import type { Kind } from './kinds.js';

export interface SettingSpec<T> {
  /** The environment variable, e.g. LOADTEST_SAMPLES. */
  readonly env: string;
  readonly kind: Kind<T>;
  /** The value when neither the file nor the environment sets one; absent when it is derived (see defaultText). */
  readonly default?: T;
  /** How a derived default is found ("by route count: ..."), or what an absent value means ("none: ..."). */
  readonly defaultText?: string;
  /** The unit of a quantity (ms, routes, cores) or the form of the value (path, URL, name). */
  readonly unit: string;
  /** One line: what the setting does. */
  readonly description: string;
  /** Only as an environment variable, never in the file (LOADTEST_CONFIG, which names the file). */
  readonly envOnly?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: a record of settings of different value types; each keeps its own type through Values<S>.
export type SettingSpecs = Readonly<Record<string, SettingSpec<any>>>;

type ValueOf<S> = S extends SettingSpec<infer T> ? (S extends { readonly default: unknown } ? T : T | undefined) : never;

/** The values of a section's settings: a setting with a default always has a value. */
export type Values<S extends SettingSpecs> = { readonly [K in keyof S]: ValueOf<S[K]> };

export interface Section<S extends SettingSpecs = SettingSpecs> {
  /** The section's key in the config file, e.g. `churn`. */
  readonly name: string;
  /** A heading for the settings reference. */
  readonly title: string;
  /** One line: what the section configures. */
  readonly description: string;
  readonly settings: S;
  /** The section's values from an (effective) environment: set values checked, defaults for the rest. */
  read(env: Env): Values<S>;
}

export function defineSection<const S extends SettingSpecs>(section: { name: string; title: string; description: string; settings: S }): Section<S> {
  return {
    ...section,
    read(env: Env): Values<S> {
      const values: Record<string, unknown> = {};
      for (const [key, spec] of Object.entries(section.settings)) values[key] = readKind(env, spec.env, spec.kind) ?? spec.default;
      return values as Values<S>;
    },
  };
}

/** One setting's value from an (effective) environment, or its default. */
export function readSetting<T>(env: Env, spec: SettingSpec<T> & { readonly default: T }): T;
export function readSetting<T>(env: Env, spec: SettingSpec<T>): T | undefined;
export function readSetting<T>(env: Env, spec: SettingSpec<T>): T | undefined {
  return readKind(env, spec.env, spec.kind) ?? spec.default;
}
