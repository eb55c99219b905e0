// Which kgateway build a run starts: a module version from the Go module proxy (the default), a local checkout built
// from its source, or a prebuilt binary. Read from KGATEWAY_VERSION, KGATEWAY_SOURCE and KGATEWAY_BINARY (at most
// one), and validated before anything starts.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSetting } from '../../config/section.js';
import { ConfigError, type Env, readString } from '../../env.js';
import { kgatewaySection } from './section.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

export type KgatewaySource =
  | { readonly kind: 'proxy'; readonly version: string }
  | { readonly kind: 'source'; readonly dir: string }
  | { readonly kind: 'binary'; readonly path: string };

export const KGATEWAY_VARIABLES = [kgatewaySection.settings.version.env, kgatewaySection.settings.source.env, kgatewaySection.settings.binary.env] as const;

export const DEFAULT_KGATEWAY_SOURCE: KgatewaySource = { kind: 'proxy', version: KGATEWAY_VERSION };

export function readKgatewaySource(env: Env): KgatewaySource {
  const set = KGATEWAY_VARIABLES.filter((name) => readString(env, name) !== undefined);
  if (set.length > 1) {
    throw new ConfigError(`${set.join(' and ')} are all set: choose at most one of ${KGATEWAY_VARIABLES.join(', ')} (which kgateway build to run)`);
  }
  const { settings } = kgatewaySection;
  const version = readSetting(env, settings.version);
  if (version !== undefined) return { kind: 'proxy', version };
  const sourceDir = readSetting(env, settings.source);
  if (sourceDir !== undefined) return { kind: 'source', dir: checkSourceDir(resolve(sourceDir)) };
  const binary = readSetting(env, settings.binary);
  if (binary !== undefined) return { kind: 'binary', path: checkBinary(resolve(binary)) };
  return DEFAULT_KGATEWAY_SOURCE;
}

function checkSourceDir(dir: string): string {
  const what = `KGATEWAY_SOURCE=${dir}`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(`${what}: no such directory`);
  const goMod = join(dir, 'go.mod');
  if (!existsSync(goMod)) throw new ConfigError(`${what}: no go.mod there; point it at the root of a kgateway checkout`);
  const module = /^module\s+(\S+)/m.exec(readFileSync(goMod, 'utf8'))?.[1];
  if (module !== KGATEWAY_MODULE) {
    throw new ConfigError(`${what}: its go.mod declares module ${module ?? '(none)'}, not ${KGATEWAY_MODULE}; point it at the root of a kgateway checkout`);
  }
  if (!existsSync(join(dir, 'cmd', 'kgateway'))) throw new ConfigError(`${what}: no cmd/kgateway in it`);
  return dir;
}

function checkBinary(path: string): string {
  const what = `KGATEWAY_BINARY=${path}`;
  if (!existsSync(path)) throw new ConfigError(`${what}: no such file`);
  if (!statSync(path).isFile()) throw new ConfigError(`${what}: not a file`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ConfigError(`${what}: not executable (chmod +x it)`);
  }
  return path;
}

/** The variables that select a source (for an A/B arm), the inverse of readKgatewaySource. */
export function kgatewaySourceEnv(source: KgatewaySource): Record<string, string> {
  switch (source.kind) {
    case 'proxy':
      return { KGATEWAY_VERSION: source.version };
    case 'source':
      return { KGATEWAY_SOURCE: source.dir };
    case 'binary':
      return { KGATEWAY_BINARY: source.path };
  }
}
