// On an existing cluster the xDS address comes from LOADTEST_XDS_ADDRESS: refused before the run starts when it is
// not host:port, carried in the cluster description when it is, and "not measured" with the reason when unset.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { selectProvider } from '../framework/testBed.js';
import { sharedCluster } from './support/cluster.js';

const { description } = sharedCluster();
// The run's own cluster, described as an existing one (nothing is installed or started).
const existing = (extra: Record<string, string>) =>
  selectProvider(
    { CLUSTER_PROVIDER: 'existing', KUBECONFIG: description.kubeconfigPath, SKIP_INSTALL: 'true', ...extra },
    mkdtempSync(join(tmpdir(), 'xds-existing-')),
  );

describe('LOADTEST_XDS_ADDRESS on an existing cluster', () => {
  test('a value that is not host:port is refused before the run starts', () => {
    expect(() => existing({ LOADTEST_XDS_ADDRESS: 'http://kgateway:9977' })).toThrow(/LOADTEST_XDS_ADDRESS="http:\/\/kgateway:9977" is not host:port/);
  });

  test('host:port is handed to the run', async () => {
    const cluster = await existing({ LOADTEST_XDS_ADDRESS: '127.0.0.1:9977' }).start();
    expect(cluster.description.xdsAddress).toBe('127.0.0.1:9977');
    expect(cluster.description.xdsAbsentReason).toBeUndefined();
    await cluster.stop();
  });

  test('unset, route ready by xDS is not measured, with the reason', async () => {
    const cluster = await existing({}).start();
    expect(cluster.description.xdsAddress).toBeUndefined();
    expect(cluster.description.xdsAbsentReason).toMatch(/LOADTEST_XDS_ADDRESS is not set/);
    await cluster.stop();
  });
});

describe("the run's own cluster", () => {
  test('says where its xDS server is, or why there is none', () => {
    if (description.controller) expect(description.xdsAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    else expect(description.xdsAbsentReason).toBeTruthy();
  });
});
