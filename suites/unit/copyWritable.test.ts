// Building from a module's own tree (Traefik) starts with a copy of the module cache's read-only files.
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyWritable } from '../../framework/cluster/build/goBuild.js';

describe('copyWritable', () => {
  test('makes a read-only module tree (as the module cache keeps it) writable, and leaves the original alone', () => {
    const from = mkdtempSync(join(tmpdir(), 'modcache-'));
    mkdirSync(join(from, 'cmd', 'x'), { recursive: true });
    writeFileSync(join(from, 'go.sum'), '');
    writeFileSync(join(from, 'cmd', 'x', 'main.go'), 'package main\n');
    for (const path of [join(from, 'go.sum'), join(from, 'cmd', 'x', 'main.go')]) chmodSync(path, 0o444);
    for (const path of [join(from, 'cmd', 'x'), join(from, 'cmd'), from]) chmodSync(path, 0o555);
    const to = join(mkdtempSync(join(tmpdir(), 'tree-')), 'copy');
    copyWritable(from, to);
    for (const path of [to, join(to, 'cmd', 'x'), join(to, 'go.sum'), join(to, 'cmd', 'x', 'main.go')]) {
      expect(statSync(path).mode & 0o200, path).toBe(0o200);
    }
    expect(statSync(join(from, 'go.sum')).mode & 0o200).toBe(0);
  });
});
