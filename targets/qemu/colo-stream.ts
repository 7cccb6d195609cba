// Passive decoder of QEMU's COLO checkpoint stream (COLO-PROTOCOL §3), fed with the bytes of one
// migration connection as a tap sees them. Precopy is skipped (counted and hashed) until the
// secondary's CHECKPOINT_READY; after it, every forward byte is a COLO message, a RAM section
// (page records up to EOS), QEMU_VM_EOF, VMSTATE_SIZE + be64 N, or the N-byte device blob.
import { createHash, type Hash } from 'node:crypto';

export const COLO_MESSAGES = ['CHECKPOINT_READY', 'CHECKPOINT_REQUEST', 'CHECKPOINT_REPLY', 'VMSTATE_SEND', 'VMSTATE_SIZE', 'VMSTATE_RECEIVED', 'VMSTATE_LOADED'] as const;

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
const SECTION_PART = 0x02, SECTION_END = 0x03, FOOTER = 0x7e, VM_EOF = 0x00;

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

  constructor(private readonly emit: (e: StreamEvent) => void) {
    this.need = this.message();
  }

  /** Bytes of the forward stream (primary -> secondary). */
  fwd(chunk: Buffer): void {
    if (this.broken) return;
    if (!this.colo) {
      this.syncBytes += chunk.length;
      this.syncHash?.update(chunk);
      this.fwdOffset += chunk.length;
      return;
    }
    this.fwdBuf = this.fwdBuf.length ? Buffer.concat([this.fwdBuf, chunk]) : chunk;
    this.drainFwd();
  }

  /** Bytes of the return stream (secondary -> primary): be32 messages only. */
  back(chunk: Buffer): void {
    if (this.broken) return;
    this.backBuf = this.backBuf.length ? Buffer.concat([this.backBuf, chunk]) : chunk;
    while (this.backBuf.length >= 4) {
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

  get inColo(): boolean {
    return this.colo;
  }

  get currentCheckpoint(): number {
    return this.checkpoint;
  }

  private drainFwd(): void {
    while (!this.broken) {
      if (this.blobLeft > 0) {
        const take = Math.min(this.blobLeft, this.fwdBuf.length);
        if (take === 0) return;
        this.blobHash!.update(this.fwdBuf.subarray(0, take));
        this.fwdBuf = this.fwdBuf.subarray(take);
        this.fwdOffset += take;
        this.blobLeft -= take;
        if (this.blobLeft === 0) {
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
    }
  }

  private message(): Need {
    return { n: 4, then: (b) => {
      const v = b.readUInt32BE(0);
      const offset = this.fwdOffset;
      if (v === 1) {
        this.checkpoint++;
        this.emit({ kind: 'request', checkpoint: this.checkpoint, offset });
      } else if (v === 3) {
        this.emit({ kind: 'vmstate-send', checkpoint: this.checkpoint, offset });
        this.pages = 0;
        this.ramFrom = offset;
        this.emit({ kind: 'ram-start', checkpoint: this.checkpoint, offset });
        this.need = this.sectionOrEof();
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

  private sectionOrEof(): Need {
    return { n: 1, then: (b) => {
      const t = b[0]!;
      if (t === VM_EOF) {
        this.emit({ kind: 'ram-end', checkpoint: this.checkpoint, offset: this.fwdOffset, pages: this.pages, ramBytes: this.fwdOffset - this.ramFrom });
        this.need = this.message();
      } else if (t === SECTION_END || t === SECTION_PART) this.need = { n: 4, then: () => { this.need = this.record(); } };
      else if (t === FOOTER) this.need = { n: 4, then: () => { this.need = this.sectionOrEof(); } };
      else this.fail(`unexpected savevm section type 0x${t.toString(16)} at stream offset ${this.fwdOffset - 1}`);
    } };
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
