// Binaries: a failing Go build shows the go command's own error, and KUBEBUILDER_ASSETS replaces the build.
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ensureGoBinaries, GoBuildError } from '../framework/cluster/build/goBuild.js';
import { ensureControlPlaneBinaries } from '../framework/cluster/local/binaries.js';

const saved = { cache: process.env.LOADTEST_CACHE_DIR, assets: process.env.KUBEBUILDER_ASSETS };
afterEach(() => {
  for (const [name, value] of [
    ['LOADTEST_CACHE_DIR', saved.cache],
    ['KUBEBUILDER_ASSETS', saved.assets],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('GoBuild', () => {
  test("a version the module proxy does not serve fails with the go command's error", async () => {
    process.env.LOADTEST_CACHE_DIR = mkdtempSync(join(tmpdir(), 'gobuild-'));
    const build = ensureGoBinaries(
      { key: 'uuid-bad', module: 'github.com/google/uuid', version: 'v0.0.999', binaries: [{ name: 'x', pkg: 'github.com/google/uuid' }] },
      () => {},
    );
    await expect(build).rejects.toThrow(GoBuildError);
    await expect(build).rejects.toThrow(
      /go mod download github.com\/google\/uuid@v0.0.999 failed:\n[\s\S]*(unknown revision|not found|invalid version|not available)/,
    );
  }, 120_000);

  test("a package that does not exist fails with the go command's error", async () => {
    process.env.LOADTEST_CACHE_DIR = mkdtempSync(join(tmpdir(), 'gobuild-'));
    const build = ensureGoBinaries(
      { key: 'uuid-nopkg', module: 'github.com/google/uuid', version: 'v1.6.0', binaries: [{ name: 'x', pkg: 'github.com/google/uuid/cmd/nothing' }] },
      () => {},
    );
    await expect(build).rejects.toThrow(/failed \(1\):\n.*github.com\/google\/uuid\/cmd\/nothing/);
  }, 120_000);

  test('KUBEBUILDER_ASSETS provides the binaries it has; nothing is built for them', async () => {
    const built = await ensureControlPlaneBinaries(() => {});
    const assets = mkdtempSync(join(tmpdir(), 'assets-'));
    symlinkSync(built.etcd, join(assets, 'etcd'));
    symlinkSync(built.kubeApiserver, join(assets, 'kube-apiserver'));
    process.env.KUBEBUILDER_ASSETS = assets;
    const chosen = await ensureControlPlaneBinaries(() => {
      throw new Error('nothing should be built');
    });
    expect(chosen.etcd).toBe(join(assets, 'etcd'));
    expect(chosen.kubeApiserver).toBe(join(assets, 'kube-apiserver'));
    // envtest's assets have no kube-controller-manager: it still comes from the build cache.
    expect(chosen.kubeControllerManager).toBe(built.kubeControllerManager);
  });
});
