// How a cost grows with the route count: a power law y = a * N^b, fitted by least squares on log-log (simple-statistics),
// so that b says it plainly: 0 flat, 1 linear, 2 quadratic.
import { linearRegression, linearRegressionLine, rSquared } from 'simple-statistics';

export interface PowerLawFit {
  /** b of y = a * N^b. */
  readonly exponent: number;
  /** a of y = a * N^b. */
  readonly coefficient: number;
  /** R² of the line on log-log (1 with two points: say how many there were). */
  readonly rSquared: number;
  readonly points: number;
}

/** The fit over the points with N > 0 and y > 0 (a logarithm needs both), or why there is none. */
export function fitPowerLaw(points: readonly { readonly n: number; readonly y: number }[]): PowerLawFit | { readonly notMeasured: string } {
  const usable = points.filter((p) => p.n > 0 && p.y > 0 && Number.isFinite(p.y));
  if (usable.length < 2) return { notMeasured: `a growth fit needs two steps with a value above 0 (${usable.length} of ${points.length})` };
  const logLog = usable.map((p) => [Math.log(p.n), Math.log(p.y)]);
  const line = linearRegression(logLog);
  // The same value at every step: the flat line fits it exactly, where R²'s 0/0 would be NaN (null in the JSON report).
  const flat = usable.every((p) => p.y === usable[0]?.y);
  return { exponent: line.m, coefficient: Math.exp(line.b), rSquared: flat ? 1 : rSquared(logLog, linearRegressionLine(line)), points: usable.length };
}

/** y at N on the fitted curve. */
export function powerLawAt(fit: PowerLawFit, n: number): number {
  return fit.coefficient * n ** fit.exponent;
}

/** R² for a label: two decimals, or "-" where a report written before the flat-fit rule holds null (JSON's NaN). */
export function formatRSquared(fit: PowerLawFit): string {
  return typeof fit.rSquared === 'number' && Number.isFinite(fit.rSquared) ? fit.rSquared.toFixed(2) : '-';
}
