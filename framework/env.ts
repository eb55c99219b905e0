// Reading settings from the environment: every bad value becomes one ConfigError that names the variable. The value
// kinds (what is a whole number, a boolean, ...) are those of the configuration schema (config/kinds.ts), so that a
// variable and the config file accept the same values.
import * as kinds from './config/kinds.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A set, non-blank value, or undefined. */
export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The variable's value as `kind` reads it, undefined when unset or blank; a ConfigError naming it when bad. */
export function readKind<T>(env: Env, name: string, kind: kinds.Kind<T>): T | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  const parsed = kinds.parseKind(kind, value);
  if (!parsed.ok) throw new ConfigError(`${name}=${JSON.stringify(value)} is not ${kind.expected}`);
  return parsed.value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  return readKind(env, name, kinds.boolean) ?? fallback;
}

export function readPositiveInteger(env: Env, name: string, fallback: number): number {
  return readKind(env, name, kinds.positiveInteger) ?? fallback;
}

export function readNonNegativeMilliseconds(env: Env, name: string, fallback: number): number {
  return readKind(env, name, kinds.milliseconds) ?? fallback;
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  return readKind(env, name, kinds.choice(choices)) ?? fallback;
}

/** An http(s) URL, or undefined when unset. */
export function readHttpUrl(env: Env, name: string): string | undefined {
  return readKind(env, name, kinds.httpUrl);
}

/** A Kubernetes object name (a DNS subdomain), or undefined when unset; `what` names the kind in the error. */
export function readObjectName(env: Env, name: string, what: string): string | undefined {
  return readKind(env, name, kinds.objectName(what));
}
