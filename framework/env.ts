// Reading settings from the environment: every bad value becomes one ConfigError that names the variable.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A set, non-blank value, or undefined. */
export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  throw new ConfigError(`${name}=${JSON.stringify(value)} is not a boolean: use true or false`);
}

export function readPositiveInteger(env: Env, name: string, fallback: number): number {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is not a positive whole number`);
  }
  return Number(value);
}

export function readNonNegativeMilliseconds(env: Env, name: string, fallback: number): number {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is not a duration in whole milliseconds (>= 0)`);
  }
  return Number(value);
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is not one of: ${choices.join(', ')}`);
  }
  return value as T;
}

/** An http(s) URL, or undefined when unset. */
export function readHttpUrl(env: Env, name: string): string | undefined {
  const value = readString(env, name);
  if (value !== undefined && !(URL.canParse(value) && /^https?:$/.test(new URL(value).protocol))) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is not an http(s) URL`);
  }
  return value;
}

/** A Kubernetes object name (a DNS subdomain), or undefined when unset; `what` names the kind in the error. */
export function readObjectName(env: Env, name: string, what: string): string | undefined {
  const value = readString(env, name);
  if (value !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(value)) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is not a valid ${what} name`);
  }
  return value;
}
