// A controller's own account of a failed run: the last warnings and errors of its log file, where the run knows one
// (the local provider writes each controller's log). CI keeps the test output, not the log directory. Each controller
// module says which lines are problems in its log format.
import { readFileSync } from 'node:fs';

/** The last `count` lines of the log at `path` for which `isProblem` holds, or why there are none. */
export function recentLogProblems(path: string | undefined, isProblem: (line: string) => boolean, count = 15): string {
  if (!path) return 'no controller log known for this cluster';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `controller log ${path} unreadable: ${(error as Error).message}`;
  }
  const problems = text.split('\n').filter(isProblem);
  if (problems.length === 0) return `controller log ${path}: no warnings or errors`;
  const shown = problems.slice(-count).map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
  return `controller log ${path}: last ${shown.length} of ${problems.length} warnings/errors:\n${shown.join('\n')}`;
}
