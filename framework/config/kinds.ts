// The kinds of value a setting can hold, as zod schemas. One schema takes both forms a value arrives in: the text of
// an environment variable ("20") and the typed value of the config file (20). `expected` completes the one error
// message every bad value gets: `LOADTEST_SAMPLES="x" is not a positive whole number`.
import { z } from 'zod';

export interface Kind<T> {
  /** What a valid value is, after "is not": "a positive whole number". */
  readonly expected: string;
  readonly schema: z.ZodType<T>;
  /** The value as an environment variable carries it. */
  text(value: T): string;
  /** A path, or a list of paths: relative ones in the config file are relative to the file. */
  readonly paths?: 'one' | 'list';
}

const plain = (value: unknown) => String(value);

/** Text made of digits becomes the number it spells; anything else is left for the number schema to refuse. */
function numberFromText(pattern: RegExp) {
  return (value: unknown) => (typeof value === 'string' && pattern.test(value.trim()) ? Number(value.trim()) : value);
}

export const positiveInteger: Kind<number> = {
  expected: 'a positive whole number',
  schema: z.preprocess(numberFromText(/^\d+$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  text: plain,
};

export const milliseconds: Kind<number> = {
  expected: 'a duration in whole milliseconds (>= 0)',
  schema: z.preprocess(numberFromText(/^\d+$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)),
  text: plain,
};

export const cores: Kind<number> = {
  expected: 'a CPU use in cores above 0, e.g. 0.1',
  schema: z.preprocess(numberFromText(/^\d*\.?\d+$/), z.number().positive().finite()),
  text: plain,
};

const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];

export const boolean: Kind<boolean> = {
  expected: 'a boolean: use true or false',
  schema: z.union([z.boolean(), z.stringbool({ truthy: TRUE_WORDS, falsy: FALSE_WORDS, case: 'insensitive' })]),
  text: plain,
};

export function choice<const T extends string>(values: readonly T[]): Kind<T> {
  return { expected: `one of: ${values.join(', ')}`, schema: z.enum(values as readonly [T, ...T[]]), text: plain };
}

/** A choice whose text is taken in any case and kept in upper case (kgateway's validation modes). */
export function upperCaseChoice<const T extends string>(values: readonly T[]): Kind<T> {
  return {
    expected: `one of: ${values.join(', ')}`,
    schema: z.preprocess((value) => (typeof value === 'string' ? value.trim().toUpperCase() : value), z.enum(values as readonly [T, ...T[]])),
    text: plain,
  };
}

export const text: Kind<string> = { expected: 'a text', schema: z.string().trim().min(1), text: plain };

export function matching(pattern: RegExp, expected: string): Kind<string> {
  return { expected, schema: z.string().trim().regex(pattern), text: plain };
}

export const httpUrl: Kind<string> = {
  expected: 'an http(s) URL',
  schema: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)),
  text: plain,
};

/** A Kubernetes object name (a DNS subdomain); `what` names the kind of object in the error. */
export function objectName(what: string): Kind<string> {
  return matching(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, `a valid ${what} name`);
}

/** A namespace name (a DNS label). */
export const namespaceName = matching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a valid namespace name');

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** host:port with a DNS name, IPv4 or [IPv6] host and a port of 1-65535. */
export const hostPort: Kind<string> = {
  expected: "host:port (e.g. 127.0.0.1:9977, through kubectl port-forward to the controller's xDS port)",
  schema: z
    .string()
    .trim()
    .refine((value) => {
      const port = Number(HOST_PORT.exec(value)?.[2]);
      return port >= 1 && port <= 65_535;
    }),
  text: plain,
};

export const path: Kind<string> = { expected: 'a path', schema: z.string().trim().min(1), text: plain, paths: 'one' };

/** Paths separated by commas in a variable; a list (or one path) in the file. */
export const pathList: Kind<string> = {
  expected: 'one or more paths (a list in the file, separated by commas in a variable)',
  schema: z.union([
    z.string().trim().min(1),
    z
      .array(z.string().trim().min(1))
      .min(1)
      .transform((paths) => paths.join(',')),
  ]),
  text: plain,
  paths: 'list',
};

/** Parses `value` (a variable's text or a file's value); undefined when it is not a valid value of `kind`. */
export function parseKind<T>(kind: Kind<T>, value: unknown): { ok: true; value: T } | { ok: false } {
  const parsed = kind.schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}
