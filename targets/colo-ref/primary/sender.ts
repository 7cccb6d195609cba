// The primary's side of the checkpoint link: the initial full sync (checkpoint 0) and one
// checkpoint transaction P1..P12 exactly as COLO-PROTOCOL §5, with a phase event at each step.
import type net from 'node:net';
import type { Control } from '../control.ts';
import { now } from '../control.ts';
import type { Machine } from '../guest/machine.ts';
import { Stall } from './stall.ts';
import type { StreamReader } from '../wire/reader.ts';
import {
  encodeMessage, encodeSize, expectMessage, MSG, PAGE_SIZE, RAM_FLAG_COUNT, RAM_FLAG_EOS, RAM_FLAG_PAGE,
  RECORD_SIZE, ramStreamSize, writeRecordHeader,
} from '../wire/codec.ts';

const CHUNK = 1 << 20;

export interface SenderHooks {
  stop(): void;
  resume(): void;
  /** Release held output (P10, or P8 with the early-release bug). */
  release(): Promise<void>;
  earlyRelease: boolean;
  unsentPage?: boolean;
}

export class Sender {
  readonly stall: Stall;

  constructor(
    private readonly sock: net.Socket,
    private readonly reader: StreamReader,
    private readonly m: Machine,
    private readonly control: Control,
    private readonly hooks: SenderHooks,
    stallMs: number,
  ) {
    this.stall = new Stall(stallMs, (ms) => sock.destroy(new Error(`checkpoint made no progress for ${ms} ms`)));
    reader.onData = () => this.stall.touch();
  }

  /** Checkpoint 0: every page and the device state, then wait for CHECKPOINT_READY. */
  async initialSync(): Promise<void> {
    this.m.markCheckpoint(0);
    const all = Uint32Array.from({ length: this.m.ram.pages }, (_, i) => i);
    this.m.ram.takeDirty();
    this.stall.start();
    try {
      await this.write(encodeMessage(MSG.VMSTATE_SEND));
      await this.sendRam(all);
      const blob = this.m.device.save();
      await this.write(encodeSize(blob.length));
      await this.write(blob);
      const digest = this.m.digest();
      await expectMessage(this.reader, MSG.CHECKPOINT_READY);
      // only once the secondary holds it: a failed attempt (retried by the caller) reports nothing
      await this.control.emit({ type: 'checkpoint', n: 0, digest, bytes: ramStreamSize(all.length) + 16 + blob.length, dirtyPages: all.length });
    } finally {
      this.stall.stop();
    }
  }

  /** One checkpoint transaction; throws on a link error (the caller decides what it means). */
  async transaction(n: number): Promise<void> {
    const c = this.control;
    const at = (p: Parameters<Control['phase']>[0], extra?: Record<string, unknown>) => this.stall.excluded(() => c.phase(p, n, extra));
    this.stall.start();
    try {
      await this.write(encodeMessage(MSG.CHECKPOINT_REQUEST));
      await at('P1');
      await expectMessage(this.reader, MSG.CHECKPOINT_REPLY);
      await at('P2');
      this.hooks.stop();
      const t3 = now();
      await at('P3');
      await this.write(encodeMessage(MSG.VMSTATE_SEND));
      await at('P4');
      this.m.markCheckpoint(n);
      const blob = this.m.device.save();
      // The state is frozen from P3 on: its digest is reported before any of it is sent, so the
      // harness has it whatever happens to this replica later in the transaction.
      const dirty = this.unsent(this.m.ram.takeDirty());
      const ramBytes = ramStreamSize(dirty.length);
      await c.emit({ type: 'checkpoint', n, digest: this.m.digest(), bytes: ramBytes + 16 + blob.length, dirtyPages: dirty.length });
      await at('P5');
      await at('P6', { bytes: 0, total: ramBytes });
      const bpRam = c.take('P6', n);
      await this.sendRam(dirty, bpRam && { bytes: bpRam.bytes ?? 8 + Math.floor(dirty.length / 2) * RECORD_SIZE, phase: 'P6', n });
      await this.write(encodeSize(blob.length));
      await at('P7');
      await at('P8', { bytes: 0, total: blob.length });
      const bpDev = c.take('P8', n);
      const cut = bpDev ? Math.min(blob.length, bpDev.bytes ?? Math.floor(blob.length / 2)) : blob.length;
      await this.write(blob.subarray(0, cut), cut < blob.length);
      if (cut < blob.length) {
        await this.stall.excluded(() => c.pause('P8', n, { bytes: cut }));
        await this.write(blob.subarray(cut));
      }
      if (this.hooks.earlyRelease) await this.hooks.release();
      await expectMessage(this.reader, MSG.VMSTATE_RECEIVED);
      await at('P9');
      if (!this.hooks.earlyRelease) await this.hooks.release();
      await at('P10');
      await expectMessage(this.reader, MSG.VMSTATE_LOADED);
      await at('P11');
      this.hooks.resume();
      await at('P12', { downtimeMs: now() - t3 });
    } finally {
      this.stall.stop();
    }
  }

  /** Planted bug unsent-page: the dirty-bitmap walk stops one short; the highest dirty page is never sent. */
  private unsent(dirty: Uint32Array): Uint32Array {
    return this.hooks.unsentPage ? dirty.subarray(0, Math.max(0, dirty.length - 1)) : dirty;
  }

  /** RAM stream in ~1 MiB writes; a breakpoint splits the stream at its byte offset. */
  private async sendRam(pages: Uint32Array, bp?: { bytes: number; phase: 'P6'; n: number }): Promise<void> {
    const total = ramStreamSize(pages.length);
    let chunk = Buffer.allocUnsafe(Math.min(CHUNK, total));
    let off = 0;
    let sent = 0;
    let stopAt = bp ? Math.max(0, Math.min(bp.bytes, total)) : -1;
    const flush = async (): Promise<void> => {
      let part = chunk.subarray(0, off);
      if (stopAt >= sent && stopAt <= sent + off) {
        const k = stopAt - sent;
        await this.write(part.subarray(0, k), true);
        sent += k;
        part = part.subarray(k);
        stopAt = -1;
        await this.stall.excluded(() => this.control.pause('P6', bp!.n, { bytes: sent }));
      }
      await this.write(part);
      sent += part.length;
      chunk = Buffer.allocUnsafe(Math.min(CHUNK, total - sent));
      off = 0;
    };
    writeRecordHeader(chunk, 0, pages.length, RAM_FLAG_COUNT);
    off = 8;
    for (const p of pages) {
      if (off + RECORD_SIZE > chunk.length) await flush();
      writeRecordHeader(chunk, off, p, RAM_FLAG_PAGE);
      this.m.ram.buf.copy(chunk, off + 8, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      off += RECORD_SIZE;
    }
    if (off + 8 > chunk.length) await flush();
    chunk.writeBigUInt64BE(RAM_FLAG_EOS, off);
    off += 8;
    await flush();
  }

  /** Write with backpressure (or until the kernel has the bytes); progress feeds the stall watchdog. */
  private write(b: Buffer, untilKernel = false): Promise<void> {
    if (b.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (this.sock.destroyed) return reject(new Error('checkpoint link closed'));
      const ok = this.sock.write(b, (err) => {
        this.stall.touch();
        if (err) reject(err);
        else if (untilKernel) resolve();
      });
      if (untilKernel) return;
      if (ok) return resolve();
      const done = () => {
        this.sock.off('close', closed);
        resolve();
      };
      const closed = () => {
        this.sock.off('drain', done);
        reject(new Error('checkpoint link closed'));
      };
      this.sock.once('drain', done);
      this.sock.once('close', closed);
    });
  }
}
