// Rules the structure enforces: only framework/kube/kubeconfig.ts imports client-node (so test workers and the
// bench's harness process never load it), and nothing under framework/ outside controllers/ depends on a particular
// controller under test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const allSources = ['framework', 'suites', 'scripts', 'fixtures'].flatMap(sources);

describe('Structure', () => {
  test('only framework/kube/kubeconfig.ts imports @kubernetes/client-node', () => {
    expect(allSources.length).toBeGreaterThan(50);
    const importers = allSources.filter((file) =>
      /from\s+'@kubernetes\/client-node'|import\(\s*'@kubernetes\/client-node'/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(importers).toEqual(['framework/kube/kubeconfig.ts']);
  });

  test('no module under framework/ outside controllers/ names the controller under test in code', () => {
    const offenders = sources('framework')
      .filter((file) => !file.startsWith('framework/controllers/'))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ file, line: i + 1, code: line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '') }))
          .filter(({ code }) => /kgateway/i.test(code)),
      )
      .map(({ file, line, code }) => `${file}:${line}: ${code.trim()}`);
    expect(offenders).toEqual([]);
  });
});
