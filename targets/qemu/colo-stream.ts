// Passive decoder of QEMU's COLO checkpoint stream (QEMU's migration/colo.c framing), fed with the bytes of one
// migration connection as a tap sees them. Precopy is skipped (counted and hashed) until the
// secondary's CHECKPOINT_READY; after it, every forward byte is a COLO message, a RAM section
// (page records up to EOS), QEMU_VM_EOF, VMSTATE_SIZE + be64 N, or the N-byte device blob.
import { createHash, type Hash } from 'node:crypto';

export type StreamEvent =
  | { kind: 'ready'; syncBytes: number; syncDigest: string }
  | { kind: 'request' | 'reply' | 'vmstate-send' | 'received' | 'loaded'; checkpoint: number; offset: number }
  | { kind: 'ram-start'; checkpoint: number; offset: number }
  | { kind: 'ram-end'; checkpoint: number; offset: number; pages: number; ramBytes: number }
  | { kind: 'size'; checkpoint: number; offset: number; size: number }
  | { kind: 'device-done'; checkpoint: number; offset: number; digest: string; bytes: number }
  | { kind: 'error'; message: string };

// RAM_SAVE_FLAG_* of migration/ram.c (7.2)
const ZERO = 0x02, MEM_SIZE = 0x04, PAGE = 0x08, EOS = 0x10, CONTINUE = 0x20, XBZRLE = 0x40, COMPRESS = 0x100;
const PAGE_SIZE = 4096;
const SECTION_PART = 0x02, SECTION_END = 0x03, COMMAND = 0x08, FOOTER = 0x7e, VM_EOF = 0x00;

type Need = { n: number; then: (b: Buffer) => void };

export class ColoStreamDecoder {
  private colo = false;
  private checkpoint = 0;
  private fwdOffset = 0;
  private backOffset = 0;
  private fwdBuf: Buffer = Buffer.alloc(0);
  private backBuf: Buffer = Buffer.alloc(0);
  private need: Need;
  private syncHash: Hash | null = createHash('sha256');
  private syncBytes = 0;
  private blobHash: Hash | null = null;
  private blobLeft = 0;
  private blobSize = 0;
  private pages = 0;
  private ramFrom = 0;
  private broken = false;
  private stop = false;
  /** Stop inside the RAM stream / device blob of the current checkpoint after this many bytes. */
  private ramStop: { bytes: number; onStop: () => void } | null = null;
  private blobStop: { bytes: number; onStop: () => void } | null = null;

  constructor(private readonly emit: (e: StreamEvent) => void) {
    this.need = this.message();
  }

  /**
   * Stop right after the event being emitted now (call from the emit callback): fwd()/back() then
   * return how many bytes of their chunk came before the stop and forget the rest, which the
   * caller holds and feeds again later.
   */
  requestStop(): void {
    this.stop = true;
  }

  /** Stop once `bytes` of the current checkpoint's RAM stream have passed (at a record boundary). */
  stopInRam(bytes: number, onStop: () => void): void {
    this.ramStop = { bytes, onStop };
  }

  /** Stop once `bytes` of the current checkpoint's device blob have passed. */
  stopInBlob(bytes: number, onStop: () => void): void {
    this.blobStop = { bytes, onStop };
  }

  /** Bytes of the forward stream (primary -> secondary); see requestStop() for the result. */
  fwd(chunk: Buffer): number | null {
    if (this.broken) return null;
    if (!this.colo) {
      this.syncBytes += chunk.length;
      this.syncHash?.update(chunk);
      this.fwdOffset += chunk.length;
      return null;
    }
    const [from, carried] = [this.fwdOffset, this.fwdBuf.length];
    this.fwdBuf = this.fwdBuf.length ? Buffer.concat([this.fwdBuf, chunk]) : chunk;
    this.drainFwd();
    return this.stopped(() => { this.fwdBuf = Buffer.alloc(0); }, this.fwdOffset - from - carried);
  }

  private stopped(forget: () => void, consumed: number): number | null {
    if (!this.stop) return null;
    this.stop = false;
    forget();
    return Math.max(0, consumed);
  }

  /** Bytes of the return stream (secondary -> primary): be32 messages only. */
  back(chunk: Buffer): number | null {
    if (this.broken) return null;
    const [from, carried] = [this.backOffset, this.backBuf.length];
    this.backBuf = this.backBuf.length ? Buffer.concat([this.backBuf, chunk]) : chunk;
    this.drainBack();
    return this.stopped(() => { this.backBuf = Buffer.alloc(0); }, this.backOffset - from - carried);
  }

  private drainBack(): void {
    while (this.backBuf.length >= 4 && !this.stop && !this.broken) {
      const v = this.backBuf.readUInt32BE(0);
      this.backBuf = this.backBuf.subarray(4);
      this.backOffset += 4;
      if (v === 0 && !this.colo) {
        this.colo = true;
        const syncDigest = this.syncHash!.digest('hex');
        this.syncHash = null;
        this.emit({ kind: 'ready', syncBytes: this.syncBytes, syncDigest });
      } else if (v === 2) this.emit({ kind: 'reply', checkpoint: this.checkpoint, offset: this.fwdOffset });
      else if (v === 5) this.emit({ kind: 'received', checkpoint: this.checkpoint, offset: this.fwdOffset });
      else if (v === 6) this.emit({ kind: 'loaded', checkpoint: this.checkpoint, offset: this.fwdOffset });
      else return this.fail(`unexpected return-path value ${v} at return offset ${this.backOffset - 4}`);
    }
  }

  private drainFwd(): void {
    while (!this.broken && !this.stop) {
      if (this.blobLeft > 0) {
        const done = this.blobSize - this.blobLeft;
        const limit = this.blobStop && this.blobStop.bytes > done ? this.blobStop.bytes - done : this.blobLeft;
        const take = Math.min(this.blobLeft, this.fwdBuf.length, limit);
        if (take === 0) return;
        this.blobHash!.update(this.fwdBuf.subarray(0, take));
        this.fwdBuf = this.fwdBuf.subarray(take);
        this.fwdOffset += take;
        this.blobLeft -= take;
        if (this.blobStop && this.blobSize - this.blobLeft >= this.blobStop.bytes && this.blobLeft > 0) {
          const s = this.blobStop;
          this.blobStop = null;
          this.stop = true;
          s.onStop();
        }
        if (this.blobLeft === 0) {
          this.blobStop = null;
          this.emit({ kind: 'device-done', checkpoint: this.checkpoint, offset: this.fwdOffset, digest: this.blobHash!.digest('hex'), bytes: this.blobSize });
          this.blobHash = null;
          this.need = this.message();
        }
        continue;
      }
      if (this.fwdBuf.length < this.need.n) return;
      const b = this.fwdBuf.subarray(0, this.need.n);
      this.fwdBuf = this.fwdBuf.subarray(this.need.n);
      this.fwdOffset += b.length;
      this.need.then(b);
      this.checkRamStop();
    }
  }

  private checkRamStop(): void {
    const s = this.ramStop;
    if (!s || this.stop || this.ramFrom === 0 || this.fwdOffset - this.ramFrom < s.bytes) return;
    this.ramStop = null;
    this.stop = true;
    s.onStop();
  }

  private message(): Need {
    return { n: 4, then: (b) => {
      const v = b.readUInt32BE(0);
      const offset = this.fwdOffset;
      if (v === 1) {
        this.checkpoint++;
        this.emit({ kind: 'request', checkpoint: this.checkpoint, offset });
      } else if (v === 3) {
        this.pages = 0;
        this.ramFrom = offset;
        this.need = this.sectionOrEof(true);
        this.emit({ kind: 'vmstate-send', checkpoint: this.checkpoint, offset });
      } else if (v === 4) {
        this.need = { n: 8, then: (s) => {
          const size = Number(s.readBigUInt64BE(0));
          this.emit({ kind: 'size', checkpoint: this.checkpoint, offset: this.fwdOffset, size });
          this.blobSize = size;
          this.blobLeft = size;
          this.blobHash = createHash('sha256');
          if (size === 0) this.fail('VMSTATE_SIZE of 0');
        } };
      } else this.fail(`unexpected COLO message ${v} at stream offset ${offset - 4}`);
    } };
  }

  /** `first`: the first RAM byte after VMSTATE_SEND, reported as ram-start when it arrives. */
  private sectionOrEof(first = false): Need {
    return { n: 1, then: (b) => {
      const t = b[0]!;
      if (first) this.emit({ kind: 'ram-start', checkpoint: this.checkpoint, offset: this.ramFrom });
      if (t === VM_EOF) {
        this.emit({ kind: 'ram-end', checkpoint: this.checkpoint, offset: this.fwdOffset, pages: this.pages, ramBytes: this.fwdOffset - this.ramFrom });
        this.ramFrom = 0;
        this.ramStop = null;
        this.need = this.message();
      } else if (t === SECTION_END || t === SECTION_PART) this.need = { n: 4, then: () => { this.need = this.record(); } };
      else if (t === FOOTER) this.need = { n: 4, then: () => { this.need = this.sectionOrEof(); } };
      // QEMU_VM_COMMAND (be16 command, be16 length, data): 10.0 opens each checkpoint's state with one
      // (MIG_CMD_SWITCHOVER_START); skipped
      else if (t === COMMAND) this.need = { n: 4, then: (h) => { this.need = this.skip(h.readUInt16BE(2), () => this.sectionOrEof()); } };
      else this.fail(`unexpected savevm section type 0x${t.toString(16)} at stream offset ${this.fwdOffset - 1}`);
    } };
  }

  private skip(n: number, next: () => Need): Need {
    return n === 0 ? next() : { n, then: () => { this.need = next(); } };
  }

  private record(): Need {
    return { n: 8, then: (b) => {
      const flags = Number(b.readBigUInt64BE(0) & 0xfffn);
      if (flags & EOS) { this.need = this.sectionOrEof(); return; }
      if (flags & (MEM_SIZE | XBZRLE | COMPRESS)) return this.fail(`unsupported RAM record flags 0x${flags.toString(16)}`);
      const body = (): Need => ({ n: flags & PAGE ? PAGE_SIZE : 1, then: () => { this.pages++; this.need = this.record(); } });
      if (!(flags & (ZERO | PAGE))) return this.fail(`unknown RAM record flags 0x${flags.toString(16)}`);
      if (flags & CONTINUE) { this.need = body(); return; }
      this.need = { n: 1, then: (l) => { this.need = { n: l[0]!, then: () => { this.need = body(); } }; } };
    } };
  }

  private fail(message: string): void {
    this.broken = true;
    this.emit({ kind: 'error', message });
  }
}
