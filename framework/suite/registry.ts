// Every suite of the harness, by name and by test. A new suite adds one line here (and its framework/<suite>/suite.ts);
// reports, `compare`, A/B and the implementations comparison find it through these functions.
import { churnSuite } from '../churn/suite.js';
import { capacityLadderSuite } from '../ladder/suite.js';
import { attachedRoutesSuite } from '../loadtest/suite.js';
import { controllerRestartSuite } from '../restart/suite.js';
import type { Suite, SuiteTest } from './suite.js';

const SUITES: readonly Suite[] = [attachedRoutesSuite, controllerRestartSuite, churnSuite, capacityLadderSuite];

export class UnknownSuiteError extends Error {
  override name = 'UnknownSuiteError';
}

export function suites(): readonly Suite[] {
  return SUITES;
}

/** Every test of every suite, with its suite. */
export function suiteTests(): { readonly suite: Suite; readonly test: SuiteTest }[] {
  return SUITES.flatMap((suite) => suite.tests.map((test) => ({ suite, test })));
}

export function suiteNamed(name: string): Suite {
  const suite = SUITES.find((s) => s.name === name);
  if (!suite) throw new UnknownSuiteError(`no suite named ${JSON.stringify(name)}; known: ${SUITES.map((s) => s.name).join(', ')}`);
  return suite;
}

/** The phases of `results` that `suite` does not declare (a declared "prefix..." covers every phase named so). */
export function undeclaredPhases(suite: Suite, results: { readonly phases: readonly { readonly name: string }[] }): string[] {
  const declared = (name: string) =>
    suite.phases.some((phase) => (phase.name.endsWith('...') ? name.startsWith(phase.name.slice(0, -3)) : name === phase.name));
  return results.phases.map((phase) => phase.name).filter((name) => !declared(name));
}

/** The test named `testName` (a report's results.testName) and its suite. */
export function suiteTest(testName: string): { readonly suite: Suite; readonly test: SuiteTest } {
  const found = suiteTests().find(({ test }) => test.name === testName);
  if (!found) {
    const known = suiteTests().map(({ test }) => test.name);
    throw new UnknownSuiteError(`no suite of this harness runs a test named ${JSON.stringify(testName)}; known: ${known.join(', ')}`);
  }
  return found;
}

/** The suite that runs the test `testName`. */
export function suiteOfTest(testName: string): Suite {
  return suiteTest(testName).suite;
}
