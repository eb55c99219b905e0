// The controller-log excerpt printed when a run fails: only warnings and errors, the newest last, bounded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { recentControllerProblems } from '../../framework/controllers/kgateway/controllerLog.js';

const dir = mkdtempSync(join(tmpdir(), 'controller-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recentControllerProblems', () => {
  test('keeps the last warnings and errors, in order, and says how many there were', () => {
    const path = join(dir, 'kgateway.log');
    const lines = [
      '{"level":"info","msg":"reconciling Gateway"}',
      ...Array.from({ length: 20 }, (_, i) => `{"level":"error","msg":"failed to update gateway status after retries ${i}"}`),
      '{"level":"warn","msg":"slow"}',
      'E1127 05:00:00.000000 1 reflector.go:1] watch failed',
      '{"level":"info","msg":"error getting gateway","error":"Gateway \\"gw\\" not found"}',
      '2026-11-27T05:00:00.000000Z\twarn\tkrt\tslow collection',
      '{"level":"info","msg":"updated gateway status"}',
    ];
    writeFileSync(path, lines.join('\n'));
    const text = recentControllerProblems(path, 5);
    expect(text).toContain('last 5 of 24 warnings/errors');
    expect(text.split('\n').slice(1)).toEqual(lines.slice(20, 25));
    expect(text).not.toContain('reconciling');
    expect(text).not.toContain('updated gateway status');
  });

  test('says so when there is no log, or nothing wrong in it', () => {
    expect(recentControllerProblems(undefined)).toBe('no controller log known for this cluster');
    expect(recentControllerProblems(join(dir, 'missing.log'))).toMatch(/unreadable: ENOENT/);
    const quiet = join(dir, 'quiet.log');
    writeFileSync(quiet, '{"level":"info","msg":"ok"}\n');
    expect(recentControllerProblems(quiet)).toMatch(/no warnings or errors/);
  });
});
