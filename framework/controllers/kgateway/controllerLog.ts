// kgateway's log lines that tell why a run failed.
import { recentLogProblems } from '../logProblems.js';

/**
 * The last `count` lines of the log at `path` that are warnings or errors (JSON, klog or istio style), or carry an
 * error field at any level (kgateway logs "error getting gateway ... not found" at info), or why there are none.
 */
export function recentControllerProblems(path: string | undefined, count = 15): string {
  return recentLogProblems(path, (line) => /"level":"(warn|error|fatal|panic)"|"error":"|^\S+\t(warn|error|fatal)\t|^[EWF]\d{4} |^panic:/.test(line), count);
}
