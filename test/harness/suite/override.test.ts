// Command-line options over a case's own: merged, except where they would change a variant.
import { expect, test } from 'vitest';
import type { Case } from '../../../core/model/case.ts';
import { withTargetOptions } from '../../../harness/suite/override.ts';

const base: Case = {
  id: 'P4-crash-primary-cp2-alone', suite: 'qemu-manager', target: 'qemu', seed: 1,
  faults: [{ kind: 'crash', role: 'primary', at: { phase: 'P4', checkpoint: 2 } }], options: { manager: 'off', accounts: 16 }, variant: 'QEMU alone',
};

const { variant: _v, ...plain } = base;

test('overrides win over the case\'s own options and are kept in the case', () => {
  expect(withTargetOptions(plain, { qemu: '/usr/bin/qemu-system-x86_64', accounts: 8 }).options).toEqual({ manager: 'off', accounts: 8, qemu: '/usr/bin/qemu-system-x86_64' });
  expect(withTargetOptions(base, undefined)).toBe(base);
});

test('an override that would change what a variant means is refused (run and repro alike)', () => {
  expect(() => withTargetOptions(base, { manager: 'on' })).toThrow(/variant "QEMU alone"\) sets manager=off; the command line's manager=on would change what the variant means/);
  expect(withTargetOptions(base, { qemu: '/usr/bin/qemu-system-x86_64' }).options?.qemu).toBe('/usr/bin/qemu-system-x86_64');
  expect(withTargetOptions(plain, { manager: 'on' }).options?.manager).toBe('on');
});
