// A sample's durations: zero or less is a harness error, never a figure (framework/loadtest/phases/samples.ts).
import { describe, expect, test } from 'vitest';
import { positive } from '../../framework/loadtest/phases/samples.js';

describe('positive', () => {
  test.each([0, -0.001, -5, Number.NaN])('%d ms is rejected as a harness error', (ms) => {
    expect(() => positive('sample 1', 'attachedRoutes=11', ms)).toThrow(
      /^sample 1: attachedRoutes=11 at .* ms, not after its request: harness error, not reported$/,
    );
  });
  test('a positive duration passes through', () => {
    expect(positive('sample 1', 'x', 0.001)).toBe(0.001);
  });
});
