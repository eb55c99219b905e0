// "Did you mean ...?" for a mistyped setting: the closest known name by edit distance, if it is close enough to be
// the same word mistyped rather than another word.
import { closest, distance } from 'fastest-levenshtein';

/** The known name closest to `name`, when at most about a quarter of its letters differ (at least 2 always may). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const candidate = closest(name, [...known]);
  return distance(name.toUpperCase(), candidate.toUpperCase()) <= Math.max(2, Math.floor(name.length / 4)) ? candidate : undefined;
}

/** "; did you mean LOADTEST_SAMPLES?", or "" when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const suggestion = closestName(name, known);
  return suggestion ? `; did you mean ${suggestion}?` : '';
}
