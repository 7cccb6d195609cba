// Records fixtures/checkpoint-stream.bin.gz from the fixed QEMU (idle guest, short checkpoint
// period, 3 checkpoints): `npx tsx test/targets/qemu/record-fixture.ts`; with `newer`, the newer
// QEMU's (fixed build) into fixtures/checkpoint-stream-newer.bin.gz.
import { fileURLToPath } from 'node:url';
import { startStandalonePair } from './standalone.ts';

const newer = process.argv[2] === 'newer';
const out = fileURLToPath(new URL(`./fixtures/checkpoint-stream${newer ? '-newer' : ''}.bin.gz`, import.meta.url));
const t = await startStandalonePair({ checkpointDelay: 300, accounts: 4, recordStream: out, ...(newer ? { qemu: 'newer' } : {}) });
try {
  await t.waitEvent((e) => e.type === 'checkpoint' && e.role === 'primary' && e.n >= 3, 20_000, 'checkpoint 3');
} finally {
  await t.close();
}
process.stdout.write(`recorded ${out}\n`);
