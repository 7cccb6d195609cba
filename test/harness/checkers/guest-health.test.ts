// guest-health: a panic, a reset or a diverged replica state is a violation in plain words, on either side.
import { describe, expect, test } from 'vitest';
import { guestHealth } from '../../../harness/checkers/guest-health.ts';
import type { TimelineEvent } from '../../../core/model/events.ts';
import { input, takeoverTimeline } from './fixtures.ts';

describe('guest-health', () => {
  test('a healthy timeline (no guest events) passes', async () => {
    expect((await guestHealth.check(input(takeoverTimeline(2, 'd2')))).verdict).toBe('pass');
  });

  test('a secondary kernel panic, a primary reset and a divergence each give their own violation', async () => {
    const events: TimelineEvent[] = [
      ...takeoverTimeline(2, 'd2'),
      { t: 30, type: 'guest', role: 'secondary', what: 'panic', message: 'its console says "Kernel panic - not syncing: Fatal exception"', checkpoint: 0 },
      { t: 31, type: 'guest', role: 'primary', what: 'reset', message: 'QEMU shut down on a guest-reset' },
      { t: 32, type: 'guest', role: 'secondary', what: 'diverged', message: 'after loading checkpoint 4 ... lastSeq 7 vs 7', checkpoint: 4 },
    ];
    const r = await guestHealth.check(input(events));
    expect(r.verdict).toBe('fail');
    expect(r.violations).toEqual([
      'the secondary\'s guest right after the initial sync (checkpoint 0): kernel trouble (panic, oops, BUG, segfault): its console says "Kernel panic - not syncing: Fatal exception"',
      'the primary\'s guest: reset: QEMU shut down on a guest-reset',
      'the secondary\'s guest at checkpoint 4: state diverged from its peer: after loading checkpoint 4 ... lastSeq 7 vs 7',
    ]);
  });
});
