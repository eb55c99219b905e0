// The controller's own account of a failed run: the last warnings and errors from its log file, where the run
// knows one (the local provider writes kgateway's log). CI keeps the test output, not the log directory.
import { readFileSync } from 'node:fs';

/**
 * The last `count` lines of the log at `path` that are warnings or errors (JSON, klog or istio style), or carry an
 * error field at any level (kgateway logs "error getting gateway ... not found" at info), or why there are none.
 */
export function recentControllerProblems(path: string | undefined, count = 15): string {
  if (!path) return 'no controller log known for this cluster';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `controller log ${path} unreadable: ${(error as Error).message}`;
  }
  const problems = text.split('\n').filter((line) => /"level":"(warn|error|fatal|panic)"|"error":"|^\S+\t(warn|error|fatal)\t|^[EWF]\d{4} |^panic:/.test(line));
  if (problems.length === 0) return `controller log ${path}: no warnings or errors`;
  const shown = problems.slice(-count).map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
  return `controller log ${path}: last ${shown.length} of ${problems.length} warnings/errors:\n${shown.join('\n')}`;
}
