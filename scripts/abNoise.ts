// npm run ab:noise -- --controller <spec> [--times 10] [--rounds 4] [--routes 300] [--samples 10] [--test ...] [--out dir]
// The noise floor of this machine: the same build on both sides, `--times` A/Bs one after another, and how often the
// verdict says "slower" or "faster" although nothing changed; with the primary figure's detectable change, to size
// rounds. With --b <spec> it measures power instead: how often a known change is called "slower"; with --added-ms also
// whether each interval covers the true change.
// Exit status: 0 done, 1 a run that did not complete, 2 bad input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AB_TESTS, type AbResult, medianRunSeconds, runAb } from '../framework/ab/abRun.js';
import { type InjectedCheck, injectedCheckOf, pooledCheckOf } from '../framework/ab/trueChange.js';
import { applySettings } from '../framework/config/settings.js';
import { parseControllerSpec } from '../framework/controllers/spec.js';
import { ConfigError } from '../framework/env.js';
import { median } from '../framework/measure/quantiles.js';
import { DEFAULT_COMPARE_OPTIONS, exitCodeOf } from '../framework/report/compare.js';
import { formatInterval, signedPercent } from '../framework/verdict/interval.js';
import { runIfProgram } from './entry.js';
import { parseAlpha, parsePositive, parseRoundStatistic, parseTolerance, UsageError } from './options.js';

const HELP = `usage: gateway-loadtest ab-noise --controller <spec> [options]   (or npm run ab:noise -- ...)

Runs --times A/Bs of the same controller against itself (npm run ab, each in its own directory under --out) and
counts the (A/B, figure) pairs whose verdict is "slower" or "faster": false verdicts, since nothing changed. It also
prints the primary figure's detectable change, so you can size --rounds for this machine. An interrupted battery
resumes from what it saved when given the same --out.

options:
  --controller <spec>   the build on both sides (e.g. kgateway, calibration:50, kgateway:source=../kgateway)
  --b <spec>            measure power instead: arm B is this build (e.g. calibration:60), A is --controller
  --added-ms <ms>       with --b: the whole milliseconds B adds to each sample of the primary figure by construction
                        (calibration:50 against calibration:62 adds 12); each A/B then reports the true change (A's
                        level with that time added, over A's) and whether its interval covers it
  --times <n>           A/Bs (default 10)
  --rounds <n>          rounds per side of each A/B (default 4)
  --routes <n>          baseline routes (default 300)
  --samples <n>         incremental routes per run (default 10)
  --test <name>         ${Object.keys(AB_TESTS).join(', ')} (default AttachedRoutesBaseline)
  --tolerance <t>, --alpha <a>, --round-statistic <s>   as for npm run ab
  --out <dir>           where the A/Bs and the summary (noise.json, noise.md; noise-min.* with --round-statistic
                        min) go (default reports/noise-<time>)`;

interface Tally {
  slower: number;
  faster: number;
  noChange: number;
  inconclusive: number;
}

const emptyTally = (): Tally => ({ slower: 0, faster: 0, noChange: 0, inconclusive: 0 });

function count(tally: Tally, verdict: string): void {
  if (verdict === 'slower') tally.slower++;
  else if (verdict === 'faster') tally.faster++;
  else if (verdict === 'no change') tally.noChange++;
  else if (verdict === 'inconclusive') tally.inconclusive++;
}

const pairs = (t: Tally) => t.slower + t.faster + t.noChange + t.inconclusive;
const percent = (part: number, whole: number) => `${whole ? ((100 * part) / whole).toFixed(1) : '0'} %`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      controller: { type: 'string' },
      b: { type: 'string' },
      'added-ms': { type: 'string' },
      times: { type: 'string' },
      rounds: { type: 'string' },
      routes: { type: 'string' },
      samples: { type: 'string' },
      test: { type: 'string' },
      tolerance: { type: 'string' },
      alpha: { type: 'string' },
      'round-statistic': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.controller) throw new UsageError('--controller is needed');
  const a = parseControllerSpec(values.controller);
  const b = parseControllerSpec(values.b ?? values.controller);
  const same = a.text === b.text;
  if (values['added-ms'] !== undefined && same) throw new UsageError('--added-ms needs --b: a known change between the arms');
  const addedMs = values['added-ms'] === undefined ? undefined : parsePositive('added-ms', values['added-ms'], 0);
  const times = parsePositive('times', values.times, 10);
  const rounds = parsePositive('rounds', values.rounds, 4);
  const outDir = values.out ?? join(process.cwd(), 'reports', `noise-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const compare = {
    ...DEFAULT_COMPARE_OPTIONS,
    tolerance: values.tolerance === undefined ? DEFAULT_COMPARE_OPTIONS.tolerance : parseTolerance(values.tolerance),
    alpha: values.alpha === undefined ? DEFAULT_COMPARE_OPTIONS.alpha : parseAlpha(values.alpha),
    roundStatistic: parseRoundStatistic(values['round-statistic']),
  };
  const common = {
    a,
    b,
    rounds,
    minRounds: rounds,
    routes: parsePositive('routes', values.routes, 300),
    samples: parsePositive('samples', values.samples, 10),
    test: values.test ?? 'AttachedRoutesBaseline',
    compare,
  };
  mkdirSync(outDir, { recursive: true });
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const results: { index: number; seconds: number; result: AbResult }[] = [];
  for (let index = 1; index <= times; index++) {
    progress(`[noise] A/B ${index}/${times}: ${a.text} against ${b.text}, ${rounds} rounds per side`);
    const started = performance.now();
    const result = await runAb({ ...common, outDir: join(outDir, `ab-${index}`) }, progress);
    const seconds = result.runs.reduce((sum, run) => sum + run.seconds, 0);
    results.push({ index, seconds, result });
    const primary = result.comparison.figures.find((f) => f.key === result.comparison.primary);
    progress(
      `[noise] A/B ${index}/${times}: ${result.comparison.outcome}, primary ${primary?.interval ? formatInterval(primary.interval) : 'no interval'}, ${(seconds / 60).toFixed(1)} min of runs (${((performance.now() - started) / 60_000).toFixed(1)} min now)`,
    );
  }
  const all = emptyTally();
  const primary = emptyTally();
  const byFigure = new Map<string, Tally>();
  for (const { result } of results) {
    for (const f of result.comparison.figures) {
      if (!f.interval) continue;
      count(all, f.verdict);
      if (f.role === 'primary') count(primary, f.verdict);
      const tally = byFigure.get(f.label) ?? emptyTally();
      count(tally, f.verdict);
      byFigure.set(f.label, tally);
    }
  }
  const primaries = results.flatMap(({ result }) => result.comparison.figures.filter((f) => f.role === 'primary' && f.interval));
  const detectable = median(primaries.map((f) => f.interval?.detectable ?? Number.NaN));
  const primaryLabel = primaries[0]?.label ?? 'none';
  // Detectable change scales about as 1/sqrt(rounds) (ignoring the t quantiles' fall with more rounds).
  const roundsFor = Math.ceil(rounds * (detectable / compare.tolerance) ** 2);
  const runs = results.flatMap(({ result }) => result.runs);
  // Both aligned with results: one entry per A/B.
  const injected = results.map(({ result }) => (addedMs === undefined ? undefined : injectedCheckOf(result, addedMs, compare.roundStatistic)));
  const checks = injected.filter((check): check is InjectedCheck => check !== undefined);
  const pooled = pooledCheckOf(
    results.map(({ result }) => result),
    1 - compare.alpha,
    compare.roundStatistic,
  );
  const range = (values: readonly number[], format: (v: number) => string) =>
    values.length ? `${format(Math.min(...values))} to ${format(Math.max(...values))}` : 'none';
  const lines = [
    same
      ? `${a.text} against itself, ${times} A/Bs of ${rounds} rounds per side: ${all.slower + all.faster} false verdicts ("slower" or "faster") in ${pairs(all)} (A/B, figure) pairs (${percent(all.slower + all.faster, pairs(all))}); primary figure (${primaryLabel}): ${primary.slower + primary.faster} of ${pairs(primary)}`
      : `${a.text} against ${b.text}, ${times} A/Bs of ${rounds} rounds per side: primary figure (${primaryLabel}) "slower" in ${primary.slower} of ${pairs(primary)}, "faster" in ${primary.faster}, "no change" in ${primary.noChange}, "inconclusive" in ${primary.inconclusive}`,
    `Primary figure: median detectable change ${signedPercent(detectable, 0)} with ${rounds} rounds per side; a ±${(compare.tolerance * 100).toFixed(0)} % tolerance needs about ${roundsFor} rounds per side on this machine (detectable change falls about as 1/sqrt(rounds)).`,
    ...(pooled
      ? [
          `Combined (${pooled.all.count} A/Bs, each weighted by its precision): the primary figure's change is ${formatInterval(pooled.all)} at ${(pooled.all.confidence * 100).toFixed(0)} %; each A/B's primary interval covers the other A/Bs' combined change in ${pooled.each.filter((e) => e.covered).length} of ${results.length}.`,
        ]
      : []),
    ...(addedMs === undefined
      ? []
      : [
          `Injected: B adds ${addedMs} ms to each sample by construction, a true change of ${range(
            checks.map((c) => c.trueChange),
            (v) => signedPercent(v),
          )} across the A/Bs (A's level with it added, over A's); the primary interval covers it in ${checks.filter((c) => c.covered).length} of ${results.length} A/Bs, "slower" and covering in ${results.filter(({ result }, i) => injected[i]?.covered && result.comparison.figures.find((f) => f.role === 'primary')?.verdict === 'slower').length}; B's level minus A's came to ${range(
            checks.map((c) => c.measuredMs),
            (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`,
          )} ms.`,
        ]),
    `Exit statuses: ${results.map(({ result }) => exitCodeOf(result.comparison)).join(' ')}; median ${medianRunSeconds(runs).toFixed(0)} s per run, ${(median(results.map((r) => r.seconds)) / 60).toFixed(1)} min of runs per A/B.`,
  ];
  const table = [
    `| A/B | outcome | primary change [interval] | detectable |${pooled ? " the others' change (covered) |" : ''}${addedMs === undefined ? '' : ' true change (covered), B - A |'} slower / faster among all figures | minutes of runs | load average at run starts (1 min, min-max) |`,
    `|---|---|---|---|${pooled ? '---|' : ''}${addedMs === undefined ? '' : '---|'}---|---|---|`,
    ...results.map(({ index, seconds, result }, i) => {
      const p = result.comparison.figures.find((f) => f.role === 'primary');
      const loads = result.runs.map((run) => run.loadAverage[0] ?? Number.NaN);
      const slower = result.comparison.figures.filter((f) => f.verdict === 'slower').length;
      const faster = result.comparison.figures.filter((f) => f.verdict === 'faster').length;
      const others = pooled?.each[i];
      const pooledCell = pooled ? ` ${others ? `${signedPercent(others.change)} (${others.covered ? 'covered' : 'not covered'})` : '-'} |` : '';
      const check = injected[i];
      const injectedCell =
        addedMs === undefined
          ? ''
          : ` ${check ? `${signedPercent(check.trueChange)} (${check.covered ? 'covered' : 'not covered'}), ${check.measuredMs >= 0 ? '+' : ''}${check.measuredMs.toFixed(1)} ms` : '-'} |`;
      return `| ${index} | ${result.comparison.outcome} | ${p?.interval ? formatInterval(p.interval) : '-'} | ${p?.interval ? signedPercent(p.interval.detectable, 0) : '-'} |${pooledCell}${injectedCell} ${slower} / ${faster} | ${(seconds / 60).toFixed(1)} | ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} |`;
    }),
  ];
  const figureTable = [
    '| figure | slower | faster | no change | inconclusive |',
    '|---|---|---|---|---|',
    ...[...byFigure].map(([label, t]) => `| ${label} | ${t.slower} | ${t.faster} | ${t.noChange} | ${t.inconclusive} |`),
  ];
  const markdown = [
    `# ${same ? 'Noise floor' : 'Power'}: ${common.test}, ${common.routes} routes, rounds summarised by their ${compare.roundStatistic ?? 'median'}`,
    '',
    ...lines.map((l) => `- ${l}`),
    '',
    ...table,
    '',
    ...figureTable,
    '',
  ].join('\n');
  // One summary per round statistic: the same saved A/Bs can be summarised both ways.
  const name = compare.roundStatistic === 'min' ? 'noise-min' : 'noise';
  writeFileSync(join(outDir, `${name}.md`), markdown);
  const summary = {
    a: a.text,
    b: b.text,
    times,
    rounds,
    test: common.test,
    roundStatistic: compare.roundStatistic ?? 'median',
    routes: common.routes,
    samples: common.samples,
    all,
    primary,
    detectable,
    roundsFor,
    ...(addedMs === undefined ? {} : { addedMs }),
    ...(pooled ? { pooled: pooled.all } : {}),
    abs: results.map(({ index, seconds, result }, i) => ({
      index,
      seconds,
      outcome: result.comparison.outcome,
      exitCode: exitCodeOf(result.comparison),
      ...(injected[i] ? { injected: injected[i] } : {}),
      ...(pooled ? { othersPooled: pooled.each[i] } : {}),
      figures: result.comparison.figures.filter((f) => f.interval).map((f) => ({ key: f.key, role: f.role, verdict: f.verdict, interval: f.interval })),
      runs: result.runs.map(({ round, arm, seconds: s, loadAverage, report }) => ({ round, arm, seconds: s, loadAverage, runId: report.results.runId })),
    })),
  };
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${lines.join('\n')}\n${table.join('\n')}\nsummary: ${join(outDir, `${name}.md`)}, ${join(outDir, `${name}.json`)}\n`);
  return 0;
}

/** `npm run ab:noise -- <args>` and `gateway-loadtest ab-noise <args>`: the exit status, never a throw. */
export async function abNoiseCommand(argv: string[]): Promise<number> {
  try {
    applySettings();
    return await main(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`ab:noise: ${(error as Error).message}\n${usage ? 'see --help\n' : ''}`);
    if (usage || error instanceof ConfigError) return 2;
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

runIfProgram(import.meta.url, abNoiseCommand);
