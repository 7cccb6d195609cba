// The version matrix of a target's flag: several --qemu give every case once per QEMU, each its own variant row.
import { expect, test } from 'vitest';
import type { Case } from '../../../core/model/case.ts';
import { columnSlug, perColumn } from '../../../harness/suite/option-matrix.ts';
import { matrixValues, parseTargetOptions } from '../../../harness/cli/target-options.ts';

const base: Case = {
  id: 'P4-crash-primary-cp2', suite: 'qemu-smoke', target: 'qemu', seed: 1,
  faults: [{ kind: 'crash', role: 'primary', at: { phase: 'P4', checkpoint: 2 } }], options: { accounts: 16 },
};
const columns = [{ key: 'qemu', value: 'fixed', label: '7.2 fixed', variant: 'QEMU' }, { key: 'qemu', value: 'newer-debian', label: '10.0 Debian', variant: 'QEMU' }];

test('one copy per QEMU: its own id, a variant named by the version, the QEMU in its options; no matrix, the case itself', () => {
  expect(perColumn(base, undefined)).toEqual([base]);
  const [a, b] = perColumn(base, columns);
  expect([a!.id, b!.id]).toEqual(['P4-crash-primary-cp2.q7.2-fixed', 'P4-crash-primary-cp2.q10.0-Debian']);
  expect([a!.variant, b!.variant]).toEqual(['QEMU 7.2 fixed', 'QEMU 10.0 Debian']);
  expect(b!.options).toEqual({ accounts: 16, qemu: 'newer-debian' });
  expect(b!.seed).toBe(base.seed); // the same schedule on each version
  expect(perColumn({ ...base, variant: 'QEMU alone' }, columns)[1]!.variant).toBe('QEMU alone, QEMU 10.0 Debian');
  expect(columnSlug('10.0 /opt/q/bin/qemu', 'QEMU')).toBe('q10.0-opt-q-bin-qemu');
});

test('--qemu (declared by the qemu driver): aliases pass as they are, paths must be executables; several only where a matrix is allowed', async () => {
  expect((await matrixValues({ qemu: ['fixed', 'newer'] }, 'qemu'))?.values).toEqual(['fixed', 'newer']);
  await expect(matrixValues({ qemu: ['fixed', '/nonexistent/qemu'] }, 'qemu')).rejects.toThrow(/no executable file there \(or an alias: fixed, stock, newer, newer-debian\)/);
  expect(await parseTargetOptions({ qemu: ['newer'] }, 'qemu')).toEqual({ qemu: 'newer' });
  await expect(parseTargetOptions({ qemu: ['fixed', 'newer'] }, 'qemu')).rejects.toThrow(/only `run` compares several QEMUs/);
  expect(await parseTargetOptions({ qemu: ['fixed', 'newer'] }, 'qemu', true)).toEqual({});
  await expect(parseTargetOptions({ qemu: ['fixed', 'newer'] }, 'colo-ref', true)).rejects.toThrow(/--qemu applies to --target qemu, not colo-ref/);
});
