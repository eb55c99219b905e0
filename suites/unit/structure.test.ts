// Rules the structure enforces: only framework/kube/kubeconfig.ts imports client-node (so test workers and the
// bench's harness process never load it); nothing under framework/ outside controllers/ depends on a particular
// controller under test; no import cycle under framework/; cluster/ does not import controllers/ (testBed.ts
// composes the two); report/ reaches a suite only through the suite registry and names none. docs/architecture.md
// explains the layers. The import graph comes from dependency-cruiser, which resolves TypeScript's ".js" specifiers
// and counts type-only imports (a cycle of types is a cycle of concepts all the same).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { beforeAll, describe, expect, test } from 'vitest';
import { controllerNames } from '../../framework/controllers/index.js';
import { suites } from '../../framework/suite/registry.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const allSources = ['framework', 'suites', 'scripts', 'fixtures'].flatMap(sources);

/** Each line of a module's code without its comments, with its file and line number. */
function codeLines(file: string): { file: string; line: number; code: string }[] {
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .map((line, i) => ({
      file,
      line: i + 1,
      code: line
        .replace(/\/\*.*?\*\//g, '')
        .replace(/\/\/.*$/, '')
        .replace(/^\s*\*.*$/, ''),
    }));
}

/** The lines of `files` whose code matches `pattern`, as "file:line: code". */
function naming(files: readonly string[], pattern: RegExp): string[] {
  return files
    .flatMap(codeLines)
    .filter(({ code }) => pattern.test(code))
    .map(({ file, line, code }) => `${file}:${line}: ${code.trim()}`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A local module under report/ (or verdict/, the statistics of compare's verdict) may import only these: report/ and
 * verdict/, the suite registry, the common results type, measurements, and the settings primitives (a section's
 * definition, not config/sections.ts, which lists every module's settings).
 */
const REPORT_MAY_IMPORT =
  '^framework/(report/|verdict/|suite/(registry|suite)[.]ts$|loadtest/results[.]ts$|measure/|xds/counters[.]ts$|env[.]ts$|config/(section|kinds)[.]ts$)';

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
    const framework = sources('framework').filter((file) => !file.startsWith('framework/controllers/'));
    // Other tools' API groups that contain a controller's name: pilot-load (gateway-api-bench's simulator) labels its Nodes.
    const otherTools = /pilot-load\.istio\.io/g;
    const controllerName = new RegExp(names.join('|'), 'i');
    const named = naming(framework, controllerName).filter((hit) => controllerName.test(hit.replace(otherTools, '')));
    expect(named).toEqual([]);
  });
});

describe('Structure: the import graph under framework/', () => {
  let graph: ICruiseResult;
  /** The violations of one rule, as "from -> to" (a cycle as its path). */
  const violationsOf = (rule: string) =>
    graph.summary.violations
      .filter((violation: IViolation) => violation.rule.name === rule)
      .map((violation) =>
        violation.cycle ? [violation.from, ...violation.cycle.map((step) => step.name)].join(' -> ') : `${violation.from} -> ${violation.to}`,
      );

  beforeAll(async () => {
    const result = await cruise(['framework'], {
      // Type-only imports count: a cycle through a type is a cycle between modules all the same.
      tsPreCompilationDeps: true,
      validate: true,
      ruleSet: {
        forbidden: [
          { name: 'no-cycle', severity: 'error', from: { path: '^framework/' }, to: { circular: true } },
          { name: 'cluster-knows-no-controller', severity: 'error', from: { path: '^framework/cluster/' }, to: { path: '^framework/controllers/' } },
          {
            name: 'report-reaches-suites-through-the-registry',
            severity: 'error',
            from: { path: '^framework/(report|verdict)/' },
            to: { dependencyTypes: ['local'], pathNot: REPORT_MAY_IMPORT },
          },
        ],
      },
    });
    graph = result.output as ICruiseResult;
  }, 60_000);

  test('every local import resolves to a module (else the rules below would pass on a graph with holes)', () => {
    expect(graph.modules.filter((m) => m.source.startsWith('framework/')).length).toBeGreaterThan(100);
    const unresolved = graph.modules.flatMap((m) =>
      m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source}: ${d.module}`),
    );
    expect(unresolved).toEqual([]);
    // The graph has the edges the rules are about: report/ reads the registry, the test bed reads both layers.
    const edges = (from: string) => graph.modules.find((m) => m.source === from)?.dependencies.map((d) => d.resolved) ?? [];
    expect(edges('framework/report/runFigures.ts')).toContain('framework/suite/registry.ts');
    expect(edges('framework/testBed.ts')).toEqual(expect.arrayContaining(['framework/controllers/index.ts', 'framework/cluster/providers/local.ts']));
  });

  test('no import cycle under framework/, type-only imports included', () => {
    expect(violationsOf('no-cycle')).toEqual([]);
  });

  test('framework/cluster/ does not import framework/controllers/ (framework/testBed.ts composes a cluster and a controller)', () => {
    expect(violationsOf('cluster-knows-no-controller')).toEqual([]);
  });

  test('framework/report/ and verdict/ import no suite: only the suite registry, the results type and measurements', () => {
    expect(violationsOf('report-reaches-suites-through-the-registry')).toEqual([]);
  });

  test('no module under framework/report/ or verdict/ names a suite or a test of one in code', () => {
    const names = suites().flatMap((suite) => [suite.name, suite.title, ...suite.tests.map((t) => t.name)]);
    expect(names).toEqual(expect.arrayContaining(['AttachedRoutes', 'AttachedRoutesBaseline', 'Churn', 'ControllerRestart']));
    // Case-sensitive, inside identifiers too (isChurnResults): attachedRoutes is the listener's status field and churn an
    // ordinary word, but a suite's name is capitalised.
    const pattern = new RegExp([...new Set(names)].map(escapeRegExp).join('|'));
    expect(naming([...sources('framework/report'), ...sources('framework/verdict')], pattern)).toEqual([]);
  });

  test('every framework/*/suite.ts is in the registry, and every registered test is a describe block of its file', () => {
    const registry = graph.modules.find((m) => m.source === 'framework/suite/registry.ts');
    const definitions = sources('framework').filter((file) => file.endsWith('/suite.ts') && file !== 'framework/suite/suite.ts');
    expect(definitions.length).toBe(suites().length);
    expect(registry?.dependencies.map((d) => d.resolved)).toEqual(expect.arrayContaining(definitions));
    for (const suite of suites()) {
      expect(existsSync(join(root, suite.file)), suite.file).toBe(true);
      expect(
        suite.file.startsWith(suite.project === 'lifecycle' ? 'suites/lifecycle/' : 'suites/'),
        `${suite.name}: ${suite.file} in project ${suite.project}`,
      ).toBe(true);
      const text = readFileSync(join(root, suite.file), 'utf8');
      // CI, the VS Code explorer and users filter on these names: a describe block, or the constant one is named by.
      for (const { name } of suite.tests) expect(text, `${suite.file} names ${name}`).toMatch(new RegExp(`(describe|TEST_NAME =)[^\\n]*'${name}'`));
    }
  });
});
