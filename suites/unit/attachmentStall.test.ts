// Attachment stalls from scripted attachment curves: which stretch counts, and when runs are said to differ.
import { describe, expect, test } from 'vitest';
import { longestAttachmentStall, STALL_THRESHOLD_MS, stallDifference } from '../../framework/measure/attachmentStall.js';
import type { AttachmentPoint } from '../../framework/report/charts.js';

const point = (tMs: number, created: number, listener: number | undefined, attached = listener ?? 0): AttachmentPoint => ({
  tMs,
  created,
  attached,
  ...(listener === undefined ? {} : { listener }),
});

describe('longestAttachmentStall', () => {
  test('the longest time the listener stood still while created routes waited, from the moment they waited', () => {
    const curve = [
      point(0, 0, 0),
      point(100, 100, 0), //    routes wait from here
      point(900, 100, 100), //  0.8 s stall ends when the count moves
      point(1000, 200, 100), // waiting again from 1.0 s
      point(1100, 300, 100),
      point(1200, 300, 250), // 0.2 s; 50 routes still wait, so the next stretch starts here
      point(1300, 400, 250),
      point(13_300, 400, 400), // 12.1 s at 250 of 400
    ];
    expect(longestAttachmentStall(curve)).toEqual({ ms: 12_100, fromMs: 1200, toMs: 13_300, attachedRoutes: 250, created: 400 });
  });

  test('a count that stands still while nothing waits is no stall; an unknown count is no move', () => {
    const idle = [point(0, 0, 0), point(5000, 0, 0), point(6000, 10, 0), point(6500, 10, 10), point(20_000, 10, 10)];
    expect(longestAttachmentStall(idle)).toMatchObject({ ms: 500, fromMs: 6000 });
    const unknown = [point(0, 10, 0), point(3000, 10, undefined), point(7000, 10, 10)];
    expect(longestAttachmentStall(unknown)).toMatchObject({ ms: 7000, attachedRoutes: 0 });
  });

  test('a stall still open at the end of the curve ends there', () => {
    expect(longestAttachmentStall([point(0, 5, 0), point(100, 5, 3), point(9100, 5, 3, 5)])).toMatchObject({ ms: 9000, attachedRoutes: 3 });
  });

  test('not measured without a curve, or with a curve from before listener counts were recorded', () => {
    expect(longestAttachmentStall([])).toHaveProperty('notMeasured');
    expect(longestAttachmentStall([{ tMs: 0, created: 1, attached: 0 }])).toHaveProperty('notMeasured');
  });
});

describe('stallDifference', () => {
  const stall = (ms: number) => ({ ms, fromMs: 1000, toMs: 1000 + ms, attachedRoutes: 800, created: 1000 });

  test('says so when some runs stalled past the threshold and others did not, naming each', () => {
    const note = stallDifference([
      { label: 'arm A', stalls: [stall(11_600), stall(900), stall(12_200)] },
      { label: 'arm B', stalls: [stall(700), stall(800), stall(1000)] },
    ]);
    expect(note).toContain('arm A: 2 of 3 run(s) stalled (11.6 s at 800 of 1000, 12.2 s at 800 of 1000)');
    expect(note).toContain('arm B: 0 of 3 run(s) stalled');
    expect(note).toContain('not a slowdown');
  });

  test('mixed runs within one group are a difference too; alike groups and unmeasured runs are not', () => {
    expect(stallDifference([{ label: 'runs', stalls: [stall(9000), stall(100)] }])).toContain('1 of 2');
    expect(
      stallDifference([
        { label: 'before', stalls: [stall(100)] },
        { label: 'after', stalls: [stall(STALL_THRESHOLD_MS)] },
      ]),
    ).toBeUndefined();
    expect(
      stallDifference([
        { label: 'before', stalls: [stall(9000)] },
        { label: 'after', stalls: [stall(8000)] },
      ]),
    ).toBeUndefined();
    expect(
      stallDifference([
        { label: 'before', stalls: [{ notMeasured: 'old report' }] },
        { label: 'after', stalls: [stall(9000)] },
      ]),
    ).toBeUndefined();
  });
});
