// The QEMU version matrix: several --qemu give every case once per QEMU, each its own variant row.
import { expect, test } from 'vitest';
import type { Case } from '../../../harness/model/case.ts';
import { columnSlug, perQemu } from '../../../harness/suite/qemu-matrix.ts';
import { parseTargetOptions, qemuList } from '../../../harness/cli/target-options.ts';

const base: Case = {
  id: 'P4-crash-primary-cp2', suite: 'qemu-smoke', target: 'qemu', role: 'primary', phase: 'P4', checkpoint: 2, fault: 'crash', seed: 1,
  faults: [{ kind: 'crash', role: 'primary', at: { phase: 'P4', checkpoint: 2 } }], options: { accounts: 16 },
};
const columns = [{ qemu: 'fixed', label: '7.2 fixed' }, { qemu: 'newer-debian', label: '10.0 Debian' }];

test('one copy per QEMU: its own id, a variant named by the version, the QEMU in its options; no matrix, the case itself', () => {
  expect(perQemu(base, undefined)).toEqual([base]);
  const [a, b] = perQemu(base, columns);
  expect([a!.id, b!.id]).toEqual(['P4-crash-primary-cp2.q7.2-fixed', 'P4-crash-primary-cp2.q10.0-Debian']);
  expect([a!.variant, b!.variant]).toEqual(['QEMU 7.2 fixed', 'QEMU 10.0 Debian']);
  expect(b!.options).toEqual({ accounts: 16, qemu: 'newer-debian' });
  expect(b!.seed).toBe(base.seed); // the same schedule on each version
  expect(perQemu({ ...base, variant: 'QEMU alone' }, columns)[1]!.variant).toBe('QEMU alone, QEMU 10.0 Debian');
  expect(columnSlug('10.0 /opt/q/bin/qemu')).toBe('q10.0-opt-q-bin-qemu');
});

test('--qemu: aliases pass as they are, paths must be executables; several only where a matrix is allowed', () => {
  expect(qemuList({ qemu: ['fixed', 'newer'] })).toEqual(['fixed', 'newer']);
  expect(() => qemuList({ qemu: ['/nonexistent/qemu'] })).toThrow(/no executable file there \(or an alias: fixed, stock, newer, newer-debian\)/);
  expect(parseTargetOptions({ qemu: ['newer'] }, 'qemu')).toEqual({ qemu: 'newer' });
  expect(() => parseTargetOptions({ qemu: ['fixed', 'newer'] }, 'qemu')).toThrow(/only `run` compares several QEMUs/);
  expect(parseTargetOptions({ qemu: ['fixed', 'newer'] }, 'qemu', true)).toEqual({});
  expect(() => parseTargetOptions({ qemu: ['fixed', 'newer'] }, 'colo-ref', true)).toThrow(/--qemu applies to --target qemu, not colo-ref/);
});
