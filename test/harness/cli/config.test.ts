// The liveness bound: the flag, else the target's own (QEMU's TCG guest is slower to answer), else 4 s.
import { expect, test } from 'vitest';
import { parseRunConfig } from '../../../harness/cli/config.ts';
import { DEFAULT_TIMING } from '../../../harness/runner/timing.ts';
import { targetBugs } from '../../../harness/targets.ts';
import { QEMU_CASE_DEFAULTS } from '../../../targets/qemu/declared.ts';

test('the liveness bound comes from --liveness-bound, else the target, else the default', async () => {
  const parse = (raw: Record<string, unknown>) => parseRunConfig({ suite: 'smoke', ...raw }, targetBugs);
  expect((await parse({})).timing.livenessMs).toBe(DEFAULT_TIMING.livenessMs);
  expect(QEMU_CASE_DEFAULTS.livenessMs).toBeGreaterThan(DEFAULT_TIMING.livenessMs);
  expect((await parse({ target: 'qemu', suite: 'qemu-smoke' })).timing.livenessMs).toBe(QEMU_CASE_DEFAULTS.livenessMs);
  expect((await parse({ target: 'qemu', suite: 'qemu-smoke', livenessBound: '3s' })).timing.livenessMs).toBe(3000);
  expect((await parse({ livenessBound: '1500ms' })).timing.livenessMs).toBe(1500);
});
