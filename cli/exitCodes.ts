// The exit status of every gateway-loadtest command (and of the npm scripts it shares its code with).
export const EXIT = {
  /** Done; every check passed, no regression. */
  ok: 0,
  /** A check failed, a regression was found, or the work did not complete (a run failed, the cluster did not start). */
  failed: 1,
  /** Bad input: arguments, settings, the config file or report files; found before anything starts. */
  badInput: 2,
  /** `compare` and `ab`: the primary figure's interval is too wide for the tolerance to tell (more rounds would). */
  inconclusive: 3,
  /** Interrupted (Ctrl-C, SIGTERM) after cleaning up. */
  interrupted: 130,
} as const;

export const EXIT_HELP = `Exit status:
  0    done: every check passed, no regression
  1    a check failed, a regression was found, or the work did not complete
  2    bad input (arguments, settings, config file, report files), found before anything starts
  3    compare, ab: inconclusive, the primary figure's interval too wide for the tolerance
  130  interrupted (Ctrl-C); what the run started is stopped first`;

/** Wrong arguments: exit status 2 with the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
