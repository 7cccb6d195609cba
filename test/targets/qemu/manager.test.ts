// The manager's choice when a checkpoint stalls (manager.ts stalledSide): who is given up.
import { describe, expect, test } from 'vitest';
import { stalledSide } from '../../../targets/qemu/manager.ts';

describe('stalledSide', () => {
  test('a silent primary is lost', () => {
    expect(stalledSide(false, 0, 1500, true)).toBe('primary');
    expect(stalledSide(false, 5000, 1500, false)).toBe('primary');
  });

  test('a secondary silent for half the stall bound is lost, though it holds the checkpoint whole (hung at S6/P9)', () => {
    expect(stalledSide(true, 1600, 1500, true)).toBe('secondary');
    expect(stalledSide(true, 750, 1500, true)).toBe('secondary');
  });

  test('both monitors answer: the primary is lost if the secondary holds the checkpoint whole, else the secondary', () => {
    expect(stalledSide(true, 200, 1500, true)).toBe('primary');
    expect(stalledSide(true, 200, 1500, false)).toBe('secondary');
  });
});
