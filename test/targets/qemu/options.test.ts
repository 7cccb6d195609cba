// The QEMU target's options: a key it does not read is an error before anything starts, not ignored.
import { expect, it } from 'vitest';
import { resolveOptions } from '../../../targets/qemu/options.ts';

it('rejects an unknown option, naming it and the known ones', async () => {
  await expect(resolveOptions({ stallms: 500, accounts: 4 })).rejects.toThrow(/unknown qemu option stallms \(known: qemu, .*stallMs/);
  await expect(resolveOptions({ a: 1, b: 2 })).rejects.toThrow(/unknown qemu options a, b/);
});

it('a bad value of a known option is named too', async () => {
  await expect(resolveOptions({ stallMs: -1, qemu: process.execPath })).rejects.toThrow(/stallMs=-1 is not a positive number/);
});
