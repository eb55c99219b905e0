// The cross-check's pieces that need no cluster: reading gateway-api-bench's program output, the order of the tools,
// and the agreement rule.
import { describe, expect, test } from 'vitest';
import { type CrossCheckRun, toolOrder } from '../../framework/crosscheck/crossCheck.js';
import { checkPeerBinary, parseGoDuration, parsePeerLog } from '../../framework/crosscheck/peerProgram.js';
import { crossCheckMarkdown, crossCheckTable, summarize } from '../../framework/crosscheck/summary.js';
import { ConfigError } from '../../framework/env.js';

describe("gateway-api-bench's program output", () => {
  test('Go durations as time.Duration prints them', () => {
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('1m2.25s')).toBe(62_250);
    expect(parseGoDuration('350.2ms')).toBeCloseTo(350.2);
    expect(parseGoDuration('12µs')).toBeCloseTo(0.012);
    expect(parseGoDuration('0s')).toBe(0);
    expect(parseGoDuration('soon')).toBeNaN();
    expect(parseGoDuration('1s junk')).toBeNaN();
  });

  test("its complete line for the Gateway, and its ready time (istio's log format)", () => {
    const log = [
      '2026-12-03T13:00:00.000000Z\tinfo\tTest complete\tready time=7.6s teardown time=8.2s',
      '2026-12-03T13:00:00.000100Z\tinfo\tcomplete\tname=lt0-app/test-gateway add-all=1s remove-all=8s writes=44',
      '2026-12-03T14:00:00.000000Z\tinfo\tStarting simulation with config:',
      '2026-12-03T14:01:10.000000Z\tinfo\tTest complete\tready time=35.118s teardown time=36.2s',
      '2026-12-03T14:01:10.000100Z\tinfo\tcomplete\tname=other/gw add-all=9s remove-all=9s writes=9',
      '2026-12-03T14:01:10.000200Z\tinfo\tcomplete\tname=lt1-app/test-gateway add-all=1.085s remove-all=33.412s writes=214',
    ].join('\n');
    expect(parsePeerLog(log, 'lt1-app/test-gateway')).toEqual({ setupMs: 1085, teardownMs: 33_412, writes: 214, createMs: 35_118 });
    expect(parsePeerLog('failed to complete test', 'lt1-app/test-gateway')).toBeUndefined();
  });

  test('the binary is checked before anything starts', () => {
    expect(() => checkPeerBinary(undefined)).toThrow(ConfigError);
    expect(() => checkPeerBinary('/nonexistent/attachedroutes')).toThrow(/not an executable file/);
    expect(() => checkPeerBinary('/tmp')).toThrow(/not a file/);
    expect(checkPeerBinary(process.execPath)).toBe(process.execPath);
  });
});

describe('the cross-check', () => {
  test('alternates which tool goes first', () => {
    expect([1, 2, 3].map(toolOrder)).toEqual([
      ['gateway-api-bench', 'harness'],
      ['harness', 'gateway-api-bench'],
      ['gateway-api-bench', 'harness'],
    ]);
  });

  const run = (tool: CrossCheckRun['tool'], round: number, setupMs: number, teardownMs: number, writes: number): CrossCheckRun => ({
    round,
    tool,
    startedAt: '2026-12-03T14:00:00.000Z',
    loadAtStart: 1.5,
    seconds: 80,
    setupMs,
    teardownMs,
    writes,
    output: `/fixture/${tool}-${round}`,
    runId: `lt${round}`,
  });

  test('agreement: writes and teardown medians within 20 %, setup within the program range or 1.5 s', () => {
    const peer = [
      run('gateway-api-bench', 1, 700, 30_000, 210),
      run('gateway-api-bench', 2, 1800, 34_000, 205),
      run('gateway-api-bench', 3, 1000, 37_000, 220),
    ];
    const close = [run('harness', 1, 2500, 33_000, 240), run('harness', 2, 900, 31_000, 230), run('harness', 3, 1200, 36_000, 200)];
    const summary = summarize([...peer, ...close]);
    expect(summary.spreads['gateway-api-bench'].setupMs).toEqual({ n: 3, median: 1000, min: 700, max: 1800 });
    expect(summary.agreements.map((a) => [a.figure, a.agrees])).toEqual([
      ['writes', true],
      ['teardown (remove-all)', true],
      ['setup (add-all)', true],
    ]);
    // Setup: the program's range is 1.1 s, so 1.5 s is the allowance; 1,000 vs 2,600 ms is outside it.
    const far = summarize([...peer, run('harness', 1, 2600, 34_000, 210), run('harness', 2, 2700, 34_000, 210), run('harness', 3, 2600, 34_000, 210)]);
    expect(far.agreements.find((a) => a.figure === 'setup (add-all)')).toMatchObject({ agrees: false, allowed: 1500 });
    expect(far.agrees).toBe(false);
    // Writes 25 % above the program's: differs.
    const writes = summarize([...peer, ...close.map((r) => ({ ...r, writes: 263 }))]);
    expect(writes.agreements.find((a) => a.figure === 'writes')?.agrees).toBe(false);
    expect(crossCheckTable([...peer, ...close.map((r) => ({ ...r, writes: 263 }))], writes)).toContain(
      "DIFFERS: writes, median 263 (harness) vs 210 (gateway-api-bench), not within 20 % of the program's median",
    );
    expect(crossCheckMarkdown([...peer, ...close], summary, ['fixture'])).toContain('| median (min-max) | gateway-api-bench |  |  | 1.00 s (0.70 s-1.80 s)');
  });
});
