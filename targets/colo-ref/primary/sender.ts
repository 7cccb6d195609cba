// The primary's side of the checkpoint link: the initial full sync (checkpoint 0) and one
// checkpoint transaction P1..P12 exactly as QEMU's colo_do_checkpoint_transaction (migration/colo.c),
// with a phase event at each step.
// Design options (issue 15): RAM over several channels (ram-channels=N: the main stream carries an
// empty RAM stream, each channel its share), the device state in-band (stream=single).
import type net from 'node:net';
import type { Control } from '../control.ts';
import { now } from '../clock.ts';
import type { Machine } from '../guest/machine.ts';
import { Stall } from './stall.ts';
import type { StreamReader } from '../wire/reader.ts';
import { directReturnPath, type ReturnPath } from './return-path.ts';
import { encodeDeviceSection } from '../wire/single.ts';
import {
  encodeMessage, encodeSize, MSG, PAGE_SIZE, RAM_FLAG_COUNT, RAM_FLAG_EOS, RAM_FLAG_PAGE,
  RECORD_SIZE, ramStreamSize, writeRecordHeader,
} from '../wire/codec.ts';

const CHUNK = 1 << 20;

/** The lease ran out during a transaction: the primary fences itself instead of going on. */
export class LeaseLost extends Error {}

export interface SenderHooks {
  stop(): void;
  resume(): void;
  /** Release held output (P10, or P8 with the early-release bug); it judges the lease itself. */
  release(): Promise<void>;
  /** Does the primary still hold its lease? Each message from the secondary is acted on only then. */
  leased(): boolean;
  earlyRelease: boolean;
  unsentPage?: boolean;
  /** P5: the dirty pages were taken (cache=bounded restarts its count). */
  frozen?(): void;
}

/** The design of the checkpoint stream (defaults: QEMU's). */
export interface SenderDesign {
  /** RAM channels besides the main link (empty: RAM in the main stream). */
  channels: net.Socket[];
  /** stream=single: device state in-band, no VMSTATE_SIZE. */
  single: boolean;
  /** How replies are read (a pump with cache=bounded). */
  rp?: ReturnPath;
}

export class Sender {
  private stall: Stall;
  private readonly rp: ReturnPath;

  constructor(
    private readonly sock: net.Socket,
    reader: StreamReader,
    private readonly m: Machine,
    private readonly control: Control,
    private readonly hooks: SenderHooks,
    stallMs: number,
    private readonly design: SenderDesign = { channels: [], single: false },
  ) {
    this.stall = new Stall(stallMs, (ms) => {
      for (const s of [sock, ...design.channels]) s.destroy(new Error(`checkpoint made no progress for ${ms} ms`));
    });
    reader.onData = () => this.stall.touch();
    this.rp = design.rp ?? directReturnPath(reader);
  }

  /** Checkpoint 0: every page and the device state, then wait for CHECKPOINT_READY. */
  /**
   * Checkpoint 0: all of RAM. Its stall bound is `boundMs` (at least the regular one): the whole
   * RAM sits in socket buffers once written, and on a loaded machine (load ~12) the secondary's
   * CHECKPOINT_READY came over 600 ms after the last byte was written; the stall then cut a
   * checkpoint 0 the secondary had already taken (6 of 8 concurrent starts failed).
   */
  async initialSync(boundMs: number): Promise<void> {
    const regular = this.stall;
    this.stall = regular.withBound(Math.max(boundMs, regular.ms));
    try {
      await this.initialSyncBounded();
    } finally {
      this.stall = regular;
    }
  }

  private async initialSyncBounded(): Promise<void> {
    this.m.markCheckpoint(0);
    const all = Uint32Array.from({ length: this.m.ram.pages }, (_, i) => i);
    this.m.ram.takeDirty();
    this.stall.start();
    try {
      await this.write(encodeMessage(MSG.VMSTATE_SEND));
      await this.sendRam(this.sock, all);
      const blob = this.m.device.save();
      await this.write(encodeSize(blob.length));
      await this.write(blob);
      const digest = this.m.digest();
      await this.rp.expect(MSG.CHECKPOINT_READY);
      // only once the secondary holds it: a failed attempt (retried by the caller) reports nothing
      await this.control.emit({ type: 'checkpoint', n: 0, digest, bytes: ramStreamSize(all.length) + 16 + blob.length, dirtyPages: all.length });
    } finally {
      this.stall.stop();
    }
  }

  /**
   * One checkpoint transaction; throws on a link error (the caller decides what it means).
   * `pausedAt`: a forced checkpoint (cache=bounded) stopped the guest already then (downtime from there).
   */
  async transaction(n: number, pausedAt?: number): Promise<void> {
    const c = this.control;
    const at = (p: Parameters<Control['phase']>[0], extra?: Record<string, unknown>) => this.stall.excluded(() => c.phase(p, n, extra));
    this.stall.start();
    try {
      await this.write(encodeMessage(MSG.CHECKPOINT_REQUEST));
      await at('P1');
      await this.expect(MSG.CHECKPOINT_REPLY);
      await at('P2');
      this.hooks.stop();
      const t3 = pausedAt ?? now();
      await at('P3');
      await this.write(encodeMessage(MSG.VMSTATE_SEND));
      await at('P4');
      this.m.markCheckpoint(n);
      const saved = this.m.device.save();
      const blob = this.design.single ? encodeDeviceSection(saved) : saved;
      // The state is frozen from P3 on: its digest is reported before any of it is sent, so the
      // harness has it whatever happens to this replica later in the transaction.
      const dirty = this.unsent(this.m.ram.takeDirty());
      this.hooks.frozen?.();
      const ramBytes = ramStreamSize(dirty.length);
      const chans = this.design.channels.length;
      const overhead = (this.design.single ? 0 : 12) + 4 + (chans ? chans * 16 : 0);
      await c.emit({ type: 'checkpoint', n, digest: this.m.digest(), bytes: ramBytes + overhead + blob.length, dirtyPages: dirty.length });
      await at('P5');
      await at('P6', { bytes: 0, total: ramBytes });
      await this.sendPages(dirty, c.take('P6', n), n);
      if (!this.design.single) await this.write(encodeSize(blob.length));
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
      await this.expect(MSG.VMSTATE_RECEIVED);
      await at('P9');
      if (!this.hooks.earlyRelease) await this.hooks.release();
      await at('P10');
      await this.expect(MSG.VMSTATE_LOADED);
      await at('P11');
      this.hooks.resume();
      await at('P12', { downtimeMs: now() - t3 });
    } finally {
      this.stall.stop();
    }
  }

  /**
   * A reply of the secondary, acted on only under a valid lease: read after a stop longer than the
   * lease, it may predate the secondary's take-over (a stale lease must not stop, commit or resume).
   */
  private async expect(want: number): Promise<void> {
    await this.rp.expect(want);
    if (!this.hooks.leased()) throw new LeaseLost(`lease expired before acting on message ${want}`);
  }

  /** Planted bug unsent-page: the dirty-bitmap walk stops one short; the highest dirty page is never sent. */
  private unsent(dirty: Uint32Array): Uint32Array {
    return this.hooks.unsentPage ? dirty.subarray(0, Math.max(0, dirty.length - 1)) : dirty;
  }

  /**
   * P6: the RAM stream(s). One channel: the main stream, split at the breakpoint's byte offset.
   * Several: an empty RAM stream on the main link, page i on channel i % N; each channel stops at
   * the offset (default: half its records) and the pause comes once all of them got there.
   */
  private async sendPages(dirty: Uint32Array, bp: { bytes?: number } | undefined, n: number): Promise<void> {
    const chans = this.design.channels;
    const offset = (count: number): number => bp?.bytes ?? 8 + Math.floor(count / 2) * RECORD_SIZE;
    if (chans.length === 0) {
      const pause = bp && ((sent: number) => this.stall.excluded(() => this.control.pause('P6', n, { bytes: sent })));
      return this.sendRam(this.sock, dirty, pause && { bytes: offset(dirty.length), pause });
    }
    await this.sendRam(this.sock, new Uint32Array(0));
    const shares = chans.map((_, i) => dirty.filter((_p, k) => k % chans.length === i));
    let arrived = 0;
    let sentSum = 0;
    let release: () => void = () => {};
    const all = new Promise<void>((r) => (release = r));
    const barrier = async (sent: number): Promise<void> => {
      sentSum += sent;
      if (++arrived === chans.length) {
        await this.stall.excluded(() => this.control.pause('P6', n, { bytes: sentSum }));
        release();
      }
      await this.stall.excluded(() => all);
    };
    await Promise.all(chans.map((s, i) => this.sendRam(s, shares[i]!, bp && { bytes: offset(shares[i]!.length), pause: barrier })));
  }

  /** One RAM stream in ~1 MiB writes on `sock`; a breakpoint splits it at its byte offset. */
  private async sendRam(sock: net.Socket, pages: Uint32Array, bp?: { bytes: number; pause: (sent: number) => Promise<void> }): Promise<void> {
    const total = ramStreamSize(pages.length);
    let chunk = Buffer.allocUnsafe(Math.min(CHUNK, total));
    let off = 0;
    let sent = 0;
    let stopAt = bp ? Math.max(0, Math.min(bp.bytes, total)) : -1;
    const flush = async (): Promise<void> => {
      let part = chunk.subarray(0, off);
      if (stopAt >= sent && stopAt <= sent + off) {
        const k = stopAt - sent;
        await this.write(part.subarray(0, k), true, sock);
        sent += k;
        part = part.subarray(k);
        stopAt = -1;
        await bp!.pause(sent);
      }
      await this.write(part, false, sock);
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
  private write(b: Buffer, untilKernel = false, sock = this.sock): Promise<void> {
    if (b.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (sock.destroyed) return reject(new Error('checkpoint link closed'));
      const ok = sock.write(b, (err) => {
        this.stall.touch();
        if (err) reject(err);
        else if (untilKernel) resolve();
      });
      if (untilKernel) return;
      if (ok) return resolve();
      const done = () => {
        sock.off('close', closed);
        resolve();
      };
      const closed = () => {
        sock.off('drain', done);
        reject(new Error('checkpoint link closed'));
      };
      sock.once('drain', done);
      sock.once('close', closed);
    });
  }
}
