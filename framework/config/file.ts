// The config file: loadtest.config.yaml in the working directory, or the file LOADTEST_CONFIG names. YAML rather than
// TypeScript so that any repository can hold one (a kgateway checkout has no TypeScript toolchain) and the harness
// reads it without compiling or importing user code; every key is checked against the schema all the same.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, type Env, readString } from '../env.js';
import * as kinds from './kinds.js';
import { defineSection } from './section.js';

export const CONFIG_FILE_NAME = 'loadtest.config.yaml';
/** The value of LOADTEST_CONFIG that reads no file (children whose parent already merged the file into their environment). */
export const NO_CONFIG_FILE = 'none';

export const configSection = defineSection({
  name: 'config',
  title: 'Config file',
  description: 'Which config file is read (only as an environment variable or the --config option).',
  settings: {
    file: {
      env: 'LOADTEST_CONFIG',
      kind: kinds.path,
      defaultText: `${CONFIG_FILE_NAME} in the working directory, if there is one`,
      unit: 'path',
      description: `the config file to read (${NO_CONFIG_FILE}: read no file)`,
      envOnly: true,
    },
  },
});

export interface ConfigFile {
  /** Absolute path. */
  readonly path: string;
  /** The parsed YAML document ({} for an empty file). */
  readonly content: unknown;
}

/** The config file's path for this environment and working directory, or undefined when there is none to read. */
export function configFilePath(env: Env, cwd: string): string | undefined {
  const named = readString(env, configSection.settings.file.env);
  if (named === NO_CONFIG_FILE) return undefined;
  if (named !== undefined) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) throw new ConfigError(`${configSection.settings.file.env}=${JSON.stringify(named)}: no such file (${path})`);
    return path;
  }
  const found = resolve(cwd, CONFIG_FILE_NAME);
  return existsSync(found) ? found : undefined;
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  try {
    return { path, content: parse(text) ?? {} };
  } catch (error) {
    throw new ConfigError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
}
