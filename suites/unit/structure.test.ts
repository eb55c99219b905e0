// Rules the structure enforces: only framework/kube/kubeconfig.ts imports client-node (so test workers and the
// bench's harness process never load it), and nothing under framework/ outside controllers/ depends on a particular
// controller under test.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { controllerNames } from '../../framework/controllers/index.js';

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

  test('what a test worker imports statically never reaches kube/kubeconfig.ts (and so never loads client-node)', () => {
    // Static imports only: a dynamic import() runs where it is called, in the process that starts a cluster.
    const staticImports = (file: string) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)]
        .filter((m) => !/^import\s+type\s/.test(m[0]) && !/^export\s+type\s/.test(m[0]))
        .map((m) => normalize(join(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))));
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of staticImports(file)) visit(next);
    };
    for (const entry of ['suites/attachedRoutes.test.ts', 'framework/loadtest/attachedRoutes.ts']) visit(entry);
    expect(reached.size).toBeGreaterThan(20);
    expect([...reached].filter((file) => file === 'framework/kube/kubeconfig.ts')).toEqual([]);
  });

  test('no module under framework/ outside controllers/ names a controller under test in code', () => {
    // Every module but the calibration instrument, whose name is an ordinary word (calibration runs, ...).
    const names = controllerNames().filter((name) => name !== 'calibration');
    expect(names).toEqual(expect.arrayContaining(['kgateway', 'traefik', 'istio']));
    const named = new RegExp(names.join('|'), 'i');
    const offenders = sources('framework')
      .filter((file) => !file.startsWith('framework/controllers/'))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .map((line, i) => ({
            file,
            line: i + 1,
            code: line
              .replace(/\/\*.*?\*\//g, '')
              .replace(/\/\/.*$/, '')
              .replace(/^\s*\*.*$/, ''),
          }))
          .filter(({ code }) => named.test(code)),
      )
      .map(({ file, line, code }) => `${file}:${line}: ${code.trim()}`);
    expect(offenders).toEqual([]);
  });
});
