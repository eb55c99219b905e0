// A child `vitest run` of this package's suites, as the CLI's `run` and an A/B's rounds start it. The package may be
// installed in another repository's node_modules, with Vitest hoisted beside it: Vitest is found by module resolution,
// the suites by --root, and the child keeps the caller's working directory, where its reports and logs go.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's root: where vitest.config.ts and suites/ are. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Vitest's own entry script, run with this Node. */
export function vitestEntry(): string {
  return join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
}

export interface VitestRun {
  /** The tier (vitest.config.ts's projects): unit, cluster or lifecycle. */
  readonly project: string;
  /** The test file, relative to the package root. */
  readonly file: string;
  /** The -t filter: the describe block or test to run. */
  readonly testName?: string;
}

/** The arguments after `node` for one `vitest run`. */
export function vitestRunArgs(run: VitestRun): string[] {
  return [vitestEntry(), 'run', '--root', PACKAGE_ROOT, '--project', run.project, join(PACKAGE_ROOT, run.file), ...(run.testName ? ['-t', run.testName] : [])];
}
