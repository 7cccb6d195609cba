// The benches' flag parser.
import { expect, test } from 'vitest';
import { numberFlag } from '../../../bench/lib/util.ts';

test('numberFlag: positive by default; 0 only where a flag allows it (a seed, a count of none)', () => {
  expect(numberFlag(['--runs', '3'], 'runs', 5)).toBe(3);
  expect(numberFlag([], 'runs', 5)).toBe(5);
  expect(() => numberFlag(['--runs', '0'], 'runs', 5)).toThrow(/--runs must be a positive number, got "0"/);
  expect(numberFlag(['--clean-seeds', '0'], 'clean-seeds', 2, { zero: true })).toBe(0);
  expect(() => numberFlag(['--seed', '-1'], 'seed', 1, { zero: true })).toThrow(/--seed must be a number >= 0, got "-1"/);
  expect(() => numberFlag(['--runs'], 'runs', 5)).toThrow(/got "undefined"/);
});
