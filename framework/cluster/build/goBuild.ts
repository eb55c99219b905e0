// Builds Go binaries from the Go module proxy into a cache outside the repository, keyed by version.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readSetting } from '../../config/section.js';
import { type Progress, printProgress } from './progress.js';
import { buildSection } from './section.js';

export interface GoBuildSpec {
  /** Cache key, e.g. "kubernetes-v1.37.2". */
  readonly key: string;
  readonly module: string;
  readonly version: string;
  /** Lines appended to the wrapper module's go.mod (replace, godebug), given the built module's go.mod. */
  readonly goModExtra?: (builtGoMod: string) => string;
  /** Package paths; relative to the module root (`./cmd/x`) when fromModuleTree is set. */
  readonly binaries: readonly { readonly name: string; readonly pkg: string }[];
  readonly ldflags?: string;
  /** Build tags (`go build -tags`), as the project's release build sets them. */
  readonly tags?: string;
  /**
   * Build inside a writable copy of the module's own tree instead of a wrapper module. For modules whose go.mod
   * replaces a dependency with a directory inside the module (Traefik: `./pkg/config/dynamic/ext`): `go install`
   * and a wrapper module refuse or ignore such a replace, so the module's own go.mod must be the main module.
   */
  readonly fromModuleTree?: boolean;
  /** Extra environment for go build, for example CGO_ENABLED=0 as the project's release build sets it. */
  readonly env?: Readonly<Record<string, string>>;
}

export function cacheRoot(): string {
  const base = readSetting(process.env, buildSection.settings.cacheDir) ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gateway-loadtest');
  mkdirSync(base, { recursive: true });
  return base;
}

export class GoBuildError extends Error {
  override readonly name = 'GoBuildError';
}

interface GoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the go command; onLine sees stderr lines as they come (go reports progress there). */
function runGo(args: readonly string[], cwd: string, onLine?: (line: string) => void, env: Readonly<Record<string, string>> = {}): Promise<GoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd, env: { ...process.env, ...env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      if (onLine) lines.forEach(onLine);
    });
    child.on('error', (error) => reject(new GoBuildError(`cannot run the go command (${error.message}); Go is needed for the first build`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `go mod download -json`: where a module's source and go.mod are in the module cache. */
export async function downloadModule(module: string, version: string): Promise<{ dir: string; goMod: string }> {
  const run = await runGo(['mod', 'download', '-json', `${module}@${version}`], cacheRoot());
  const info = JSON.parse(run.stdout || '{}') as { Dir?: string; GoMod?: string; Error?: string };
  if (run.code !== 0 || info.Error || !info.Dir || !info.GoMod) {
    throw new GoBuildError(`go mod download ${module}@${version} failed:\n${info.Error ?? run.stderr}`);
  }
  return { dir: info.Dir, goMod: info.GoMod };
}

/** The version of `dependency` that a go.mod requires. */
export function requiredVersion(goModText: string, dependency: string): string {
  const match = new RegExp(`^\\s*(?:require\\s+)?${dependency.replaceAll('.', '\\.')}\\s+(v\\S+)`, 'm').exec(goModText);
  if (!match?.[1]) throw new GoBuildError(`go.mod does not require ${dependency}`);
  return match[1];
}

/** The go directive of a go.mod, used for the wrapper module so that the same language version applies. */
function goDirective(goModText: string): string {
  return /^go\s+(\S+)/m.exec(goModText)?.[1] ?? '1.22';
}

// Bare package paths are go build -v's progress lines; anything else is something the go command said.
const PACKAGE_LINE = /^[\w.~\-/]+$/;

/**
 * Returns the paths of the spec's binaries, building them first if the cache lacks them.
 * The build runs in a wrapper module (see prepareWrapperModule), or in a copy of the module's tree (fromModuleTree).
 */
export async function ensureGoBinaries(spec: GoBuildSpec, progress: Progress = printProgress): Promise<Record<string, string>> {
  const binDir = join(cacheRoot(), 'bin', spec.key);
  const paths = Object.fromEntries(spec.binaries.map((b) => [b.name, join(binDir, b.name)]));
  if (Object.values(paths).every((path) => existsSync(path))) return paths;

  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
  progress(
    `[build] ${spec.key}: building ${spec.binaries.map((b) => b.name).join(', ')} from ${spec.module}@${spec.version} (first run only; minutes on 2 cores)`,
  );
  const workDir = join(cacheRoot(), 'work', spec.key);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const fail = (step: string, run: GoRun): never => {
    const said = run.stderr.split('\n').filter((line) => line && !PACKAGE_LINE.test(line));
    throw new GoBuildError(`[build] ${spec.key}: ${step} failed (${run.code}):\n${said.slice(-60).join('\n')}`);
  };
  if (spec.fromModuleTree) {
    const { dir } = await downloadModule(spec.module, spec.version);
    copyWritable(dir, workDir);
    progress(`[build] ${spec.key}: module tree copied to ${workDir} (${elapsed()})`);
  } else {
    await prepareWrapperModule(spec, workDir, fail, (count) => progress(`[build] ${spec.key}: ${count} modules downloaded (${elapsed()})`));
  }

  const stagingDir = `${binDir}.partial-${process.pid}`;
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  let compiled = 0;
  let downloads = 0;
  let lastReport = performance.now();
  for (const binary of spec.binaries) {
    const buildArgs = ['build', '-v', '-o', join(stagingDir, binary.name)];
    if (spec.ldflags) buildArgs.push('-ldflags', spec.ldflags);
    if (spec.tags) buildArgs.push('-tags', spec.tags);
    const build = await runGo(
      [...buildArgs, binary.pkg],
      workDir,
      (line) => {
        if (line.startsWith('go: downloading') && ++downloads % 50 === 0) progress(`[build] ${spec.key}: ${downloads} modules downloaded (${elapsed()})`);
        if (!PACKAGE_LINE.test(line)) return;
        compiled++;
        if (performance.now() - lastReport > 15_000) {
          lastReport = performance.now();
          progress(`[build] ${spec.key}: ${binary.name}: ${compiled} packages compiled (${elapsed()})`);
        }
      },
      spec.env,
    );
    if (build.code !== 0) fail(`go build ${binary.pkg}`, build);
  }
  rmSync(binDir, { recursive: true, force: true });
  mkdirSync(join(binDir, '..'), { recursive: true });
  renameSync(stagingDir, binDir);
  progress(`[build] ${spec.key}: done in ${elapsed()} -> ${binDir}`);
  return paths;
}

/** A wrapper module that requires the built module, so that replace directives of the built module do not apply. */
async function prepareWrapperModule(
  spec: GoBuildSpec,
  workDir: string,
  fail: (step: string, run: GoRun) => never,
  onDownloads: (count: number) => void,
): Promise<void> {
  const { goMod } = await downloadModule(spec.module, spec.version);
  const builtGoMod = readFileSync(goMod, 'utf8');
  writeFileSync(join(workDir, 'go.mod'), `module loadtest.local/build\n\ngo ${goDirective(builtGoMod)}\n\n${spec.goModExtra?.(builtGoMod) ?? ''}\n`);
  writeFileSync(join(workDir, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport (\n${spec.binaries.map((b) => `\t_ "${b.pkg}"`).join('\n')}\n)\n`);
  let downloads = 0;
  const get = await runGo(['get', `${spec.module}@${spec.version}`], workDir, (line) => {
    if (line.startsWith('go: downloading') && ++downloads % 50 === 0) onDownloads(downloads);
  });
  if (get.code !== 0) fail(`go get ${spec.module}@${spec.version}`, get);
  const tidy = await runGo(['mod', 'tidy'], workDir);
  if (tidy.code !== 0) fail('go mod tidy', tidy);
}

/** Copies a module from the (read-only) module cache and makes the copy writable, as go build may update go.sum. */
export function copyWritable(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  chmodSync(to, statSync(to).mode | 0o200);
  for (const entry of readdirSync(to, { recursive: true, encoding: 'utf8' })) {
    const path = join(to, entry);
    chmodSync(path, statSync(path).mode | 0o200);
  }
}

/**
 * Builds one package of a local module (a checkout) with its own go.mod, replace directives and all, into the cache
 * under `key`; reuses the cached binary when `key` was built before. `key` must change when the source does.
 */
export async function ensureGoBinaryFromDir(
  spec: { readonly key: string; readonly dir: string; readonly pkg: string; readonly name: string; readonly ldflags?: string },
  progress: Progress = printProgress,
): Promise<string> {
  const binDir = join(cacheRoot(), 'bin', spec.key);
  const path = join(binDir, spec.name);
  if (existsSync(path)) {
    progress(`[build] ${spec.key}: cached build of ${spec.dir} (${path})`);
    return path;
  }
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
  progress(`[build] ${spec.key}: building ${spec.pkg} in ${spec.dir} (minutes on 2 cores; cached until the source changes)`);
  const stagingDir = `${binDir}.partial-${process.pid}`;
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  const args = ['build', '-v', '-o', join(stagingDir, spec.name)];
  if (spec.ldflags) args.push('-ldflags', spec.ldflags);
  let compiled = 0;
  let lastReport = performance.now();
  const build = await runGo([...args, spec.pkg], spec.dir, (line) => {
    if (!PACKAGE_LINE.test(line)) return;
    compiled++;
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      progress(`[build] ${spec.key}: ${compiled} packages compiled (${elapsed()})`);
    }
  });
  if (build.code !== 0) {
    rmSync(stagingDir, { recursive: true, force: true });
    const said = build.stderr.split('\n').filter((line) => line && !PACKAGE_LINE.test(line));
    throw new GoBuildError(`[build] ${spec.key}: go build ${spec.pkg} in ${spec.dir} failed (${build.code}):\n${said.slice(-60).join('\n')}`);
  }
  rmSync(binDir, { recursive: true, force: true });
  renameSync(stagingDir, binDir);
  progress(`[build] ${spec.key}: done in ${elapsed()} -> ${path}`);
  return path;
}
