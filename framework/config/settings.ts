// The effective settings: each setting's default, overridden by the config file, overridden by its environment
// variable. Everything is checked before anything starts: a bad value, an unknown key in the file, and an unknown
// variable with one of the harness's prefixes each give one line of one ConfigError, with a suggestion when a known
// name is close. The file's values reach the code that reads settings as environment variables (applySettings), so
// that Vitest's workers and the child runs of an A/B, which inherit the environment, see the same settings.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, type Env, readString } from '../env.js';
import { type ConfigFile, configFilePath, readConfigFile } from './file.js';
import { parseKind } from './kinds.js';
import type { Section, SettingSpec } from './section.js';
import { SECTIONS, SETTING_PREFIXES } from './sections.js';
import { closestName, didYouMean } from './suggest.js';

export type Source = 'default' | 'file' | 'environment';

export interface EffectiveSetting {
  readonly section: Section;
  readonly key: string;
  readonly spec: SettingSpec<unknown>;
  /** Where the file sets it: `<section>.<key>`. */
  readonly fileKey: string;
  /** The value as its variable carries it; undefined when unset and its default is derived or none. */
  readonly text: string | undefined;
  readonly source: Source;
}

export interface EffectiveSettings {
  /** The config file read, if any. */
  readonly file: string | undefined;
  readonly settings: readonly EffectiveSetting[];
  /** The environment with the file's values under their variables (a variable that is set wins). */
  readonly env: Record<string, string | undefined>;
}

interface Registered {
  readonly section: Section;
  readonly key: string;
  readonly spec: SettingSpec<unknown>;
}

function registered(sections: readonly Section[]): Registered[] {
  return sections.flatMap((section) => Object.entries(section.settings).map(([key, spec]) => ({ section, key, spec })));
}

/** The schema of the file: a mapping of sections, each a mapping of its settings; nothing else. */
function fileSchema(sections: readonly Section[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const section of sections) {
    const settings = Object.entries(section.settings).filter(([, spec]) => !spec.envOnly);
    if (settings.length > 0)
      shape[section.name] = z.strictObject(Object.fromEntries(settings.map(([key, spec]) => [key, spec.kind.schema.optional()]))).optional();
  }
  return z.strictObject(shape);
}

/** Variables that look like the harness's but are none of its settings. */
function unknownVariables(env: Env, all: readonly Registered[]): string[] {
  const names = all.map(({ spec }) => spec.env);
  const known = new Set(names);
  // Unprefixed settings (CLUSTER_NAME, SKIP_INSTALL, ...): a near miss in the same family (CLUSTER_NAM) is a typo;
  // anything further away (CLUSTER_DOMAIN) belongs to someone else.
  const families = new Set(names.filter((name) => !SETTING_PREFIXES.some((p) => name.startsWith(p)) && name.includes('_')).map((name) => name.split('_')[0]));
  return Object.keys(env)
    .filter((name) => !known.has(name) && readString(env, name) !== undefined)
    .sort()
    .flatMap((name) => {
      const suggestion = closestName(name, names);
      if (SETTING_PREFIXES.some((prefix) => name.startsWith(prefix))) {
        return [`${name} is not a setting of gateway-loadtest${suggestion ? `; did you mean ${suggestion}?` : ' (gateway-loadtest config lists them all)'}`];
      }
      if (families.has(name.split('_')[0] ?? '') && suggestion) return [`${name} is not a setting of gateway-loadtest; did you mean ${suggestion}?`];
      return [];
    });
}

/** One line per problem zod found in the file, in the harness's words. */
function fileProblems(file: ConfigFile, sections: readonly Section[], all: readonly Registered[], issues: readonly z.core.$ZodIssue[]): string[] {
  const sectionNames = sections.filter((section) => Object.values(section.settings).some((spec) => !spec.envOnly)).map((section) => section.name);
  const fileKeys = all.filter(({ spec }) => !spec.envOnly).map(({ section, key }) => `${section.name}.${key}`);
  const byVariable = new Map(all.map(({ section, key, spec }) => [spec.env, `${section.name}.${key}`]));
  const problems = new Set<string>();
  for (const issue of issues) {
    const [sectionName, key] = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const unknown of issue.keys) {
        if (sectionName === undefined) {
          const asVariable = byVariable.get(unknown);
          problems.add(
            asVariable
              ? `${file.path}: ${unknown} is an environment variable; in the file it is ${asVariable}`
              : `${file.path}: ${unknown} is not a section of the config file${didYouMean(unknown, sectionNames)}`,
          );
        } else {
          const inSection = Object.keys(sections.find((section) => section.name === sectionName)?.settings ?? {});
          const suggestion = closestName(unknown, inSection);
          const elsewhere = fileKeys.filter((fileKey) => fileKey.endsWith(`.${unknown}`));
          const hint = suggestion ? `; did you mean ${sectionName}.${suggestion}?` : elsewhere.length > 0 ? `; did you mean ${elsewhere.join(' or ')}?` : '';
          problems.add(`${file.path}: ${sectionName}.${unknown} is not a setting${hint}`);
        }
      }
    } else if (sectionName === undefined) {
      problems.add(`${file.path}: expected a mapping of sections (${sectionNames.join(', ')}), found ${JSON.stringify(file.content)}`);
    } else if (key === undefined) {
      problems.add(
        `${file.path}: ${sectionName} must be a mapping of its settings (${Object.keys(sections.find((s) => s.name === sectionName)?.settings ?? {}).join(', ')})`,
      );
    } else {
      const spec = all.find(({ section, key: k }) => section.name === sectionName && k === key)?.spec;
      const value = (file.content as Record<string, Record<string, unknown>>)[sectionName]?.[key];
      problems.add(`${file.path}: ${sectionName}.${key}: ${JSON.stringify(value)} is not ${spec?.kind.expected ?? 'valid'}`);
    }
  }
  return [...problems];
}

/** A path in the file is relative to the file, wherever the harness runs from. */
function relativeToFile(spec: SettingSpec<unknown>, text: string, file: ConfigFile): string {
  if (spec.kind.paths === 'one') return resolve(dirname(file.path), text);
  if (spec.kind.paths === 'list') {
    return text
      .split(',')
      .map((path) => resolve(dirname(file.path), path.trim()))
      .join(',');
  }
  return text;
}

/** The effective settings from an environment and a config file; a ConfigError listing every problem. */
export function resolveSettings(env: Env, file: ConfigFile | undefined, sections: readonly Section[] = SECTIONS): EffectiveSettings {
  const all = registered(sections);
  const problems = unknownVariables(env, all);
  let fromFile: Record<string, Record<string, unknown>> = {};
  if (file) {
    const parsed = fileSchema(sections).safeParse(file.content);
    if (parsed.success) fromFile = parsed.data as Record<string, Record<string, unknown>>;
    else problems.push(...fileProblems(file, sections, all, parsed.error.issues));
  }
  const effective: Record<string, string | undefined> = { ...env };
  const settings = all.map(({ section, key, spec }): EffectiveSetting => {
    const base = { section, key, spec, fileKey: `${section.name}.${key}` };
    const set = readString(env, spec.env);
    if (set !== undefined) {
      if (!parseKind(spec.kind, set).ok) problems.push(`${spec.env}=${JSON.stringify(set)} is not ${spec.kind.expected}`);
      return { ...base, text: set, source: 'environment' };
    }
    const value = fromFile[section.name]?.[key];
    if (value !== undefined && file) {
      const text = relativeToFile(spec, spec.kind.text(value), file);
      effective[spec.env] = text;
      return { ...base, text, source: 'file' };
    }
    return { ...base, text: spec.default === undefined ? undefined : spec.kind.text(spec.default), source: 'default' };
  });
  if (problems.length === 1) throw new ConfigError(problems[0]);
  if (problems.length > 1) throw new ConfigError(`${problems.length} problems with the settings:\n  ${problems.join('\n  ')}`);
  return { file: file?.path, settings, env: effective };
}

/** The effective settings of this environment and working directory (the file LOADTEST_CONFIG names, or the one there). */
export function loadSettings(env: Env = process.env, cwd = process.cwd()): EffectiveSettings {
  const path = configFilePath(env, cwd);
  return resolveSettings(env, path === undefined ? undefined : readConfigFile(path));
}

/**
 * Checks the settings and puts the file's values into `env` (process.env by default) under their variables, where no
 * variable is set: what every entry point does first (globalSetup, a Vitest worker, a script, the CLI).
 */
export function applySettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EffectiveSettings {
  const settings = loadSettings(env, cwd);
  for (const setting of settings.settings) if (setting.source === 'file') env[setting.spec.env] = setting.text;
  return settings;
}
