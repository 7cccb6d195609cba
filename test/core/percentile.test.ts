// Percentiles (nearest rank below).
import { expect, test } from 'vitest';
import { median, percentile } from '../../core/percentile.ts';

test('percentile: nearest rank below; NaN for no samples', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  expect(percentile([], 50)).toBeNaN();
});
