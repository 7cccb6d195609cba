// What the secondary recorded when it last applied a checkpoint: page hashes and device blob.
// The failover digest (TARGET-PROTOCOL §4) mixes these with live hashes of untouched pages.
import type { Machine } from '../guest/machine.ts';
import { PAGE_HASH } from '../guest/ram.ts';
import { stateDigest } from '../guest/digest.ts';

export class Applied {
  n = 0;
  private hashes: Buffer = Buffer.alloc(0);
  private device: Buffer = Buffer.alloc(0);

  /** Record the state right after applying checkpoint n; returns its digest. */
  record(m: Machine, n: number): string {
    this.n = n;
    this.hashes = Buffer.from(m.ram.pageHashes());
    this.device = m.device.save();
    m.ram.dirty.fill(0);
    return stateDigest(this.hashes, this.device);
  }

  /** Checkpoint n as the survivor holds it: live pages the own guest did not write, recorded ones it did. */
  resumeDigest(m: Machine): string {
    const mixed = Buffer.from(m.ram.pageHashes());
    for (let p = 0; p < m.ram.pages; p++) {
      if (m.ram.dirty[p]) this.hashes.copy(mixed, p * PAGE_HASH, p * PAGE_HASH, (p + 1) * PAGE_HASH);
    }
    return stateDigest(mixed, this.device);
  }
}
