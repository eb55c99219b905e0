// Each suite's primary figure: the one the gate is decided on at full confidence, declared before any data is seen
// (choosing it after would spend the correction for multiple figures). The rest of a suite's figures are secondary.
// (When the Suite interface lands, this belongs on each suite.)

export const PRIMARY_FIGURES: Readonly<Record<string, string>> = {
  // create -> Accepted and counted: what a user waits for after applying a route.
  AttachedRoutesBaseline: 'setup',
  AttachedRoutesProduction: 'setup',
  // A route added: request -> its status written, the change users make most.
  Churn: 'churn:routeAdd:status',
  // Restart -> ready and every route in xDS again.
  ControllerRestart: 'restart: recovery',
};

/** The primary figure's key for `testName`, or `override` when given. */
export function primaryFigureOf(testName: string, override?: string): string | undefined {
  return override ?? PRIMARY_FIGURES[testName];
}
