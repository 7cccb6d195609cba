// `npx tsx targets/qemu/setup.ts`: build (or find in the cache) the fixed QEMU, the newer QEMU of the
// version matrix (Debian's and fixed) and the guest. One clear line and exit 2 on a bad setup; used by
// .ci/qemu-setup.
import { buildQemu } from './build.ts';
import { buildNewerQemu } from './build-newer.ts';
import { buildGuest } from './guest/build.ts';

const t0 = Date.now();
const log = (m: string): void => { process.stdout.write(`qemu-setup [${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}\n`); };
try {
  const q = await buildQemu({ log });
  log(`QEMU ${q.debianVersion} + patches ${q.patchHash}`);
  const n = await buildNewerQemu({ log });
  log(`newer QEMU ${n.debian.debianVersion}: Debian's ${n.debian.binary}; ${n.fixed ? `fixed ${n.fixed.binary}` : 'no project patches for it'}`);
  const g = await buildGuest({ log });
  log(`${g.cached ? 'cached' : 'built'} guest: ${g.dir}`);
} catch (e) {
  process.stderr.write(`qemu-setup: ${(e as Error).message.split('\n').join(' | ')}\n`);
  process.exit(2);
}
