// Command-line values the comparison commands share (compare, ab, ab:noise), with errors that name the option.
import { ROUND_STATISTICS, type RoundStatistic } from '../framework/verdict/units.js';

export class UsageError extends Error {}

/** "10%", "10 %" or "0.1" -> 0.1. */
export function parseTolerance(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!match) throw new UsageError(`--tolerance ${JSON.stringify(text)}: expected a percentage like 10% or a fraction like 0.1`);
  const value = Number(match[1]) / (match[2] ? 100 : 1);
  if (value >= 10) throw new UsageError(`--tolerance ${text}: ${value * 100} % is not a tolerance (write 10% or 0.1)`);
  return value;
}

export function parseAlpha(text: string): number {
  const alpha = Number(text);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha ${JSON.stringify(text)}: expected a number between 0 and 1, e.g. 0.05`);
  return alpha;
}

export function parsePositive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`--${name} ${JSON.stringify(text)}: expected a positive whole number`);
  return Number(text);
}

export function parseRoundStatistic(text: string | undefined): RoundStatistic | undefined {
  if (text === undefined) return undefined;
  const found = ROUND_STATISTICS.find((statistic) => statistic === text);
  if (!found) throw new UsageError(`--round-statistic ${JSON.stringify(text)}: expected ${ROUND_STATISTICS.join(' or ')}`);
  return found;
}
