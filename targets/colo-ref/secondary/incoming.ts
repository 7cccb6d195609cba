// The secondary's side of the checkpoint link (colo_incoming_process_checkpoint): receive RAM into
// the colo cache, buffer the whole device blob, ack VMSTATE_RECEIVED, then flush + load (S7).
// Design options (issue 15): a bounded cache, RAM over several channels, stream=single (the
// device state in-band and loaded as it is parsed; a cut inside it drops the cache).
import type net from 'node:net';
import type { Control } from '../control.ts';
import { now } from '../clock.ts';
import type { Machine } from '../guest/machine.ts';
import { Device, DEVICE_FIELDS } from '../guest/device.ts';
import { ColoCache } from './cache.ts';
import type { BoundedCache } from './bounded-cache.ts';
import { readDeviceSection, SECTION_SIZE } from '../wire/single.ts';
import type { Applied } from './applied.ts';
import type { StreamReader } from '../wire/reader.ts';
import { encodeMessage, expectMessage, MSG, PAGE_SIZE, readBlob, readRamStream, readSize, RECORD_SIZE } from '../wire/codec.ts';

/** The checkpoint was abandoned because this replica took over or was demoted. */
export class AbandonedError extends Error {}

export interface IncomingHooks {
  stop(): void;
  /** vm_start inside S7 (before VMSTATE_LOADED). */
  resume(): void;
  /** A failover request arrived during the apply: finish it, then fail over (RELAUNCH). */
  relaunchPending(): boolean;
  /** This replica stopped being a secondary (failed over, demoted): stop at once. */
  gone(): boolean;
}

export interface IncomingDesign {
  /** stream=single: device state in-band, applied as parsed. */
  single: boolean;
  /** ram-channels=N > 1: the channels' readers (connected by the primary after checkpoint 0). */
  channels?: () => Promise<StreamReader[]>;
}

export class Incoming {
  /** From S6 (whole checkpoint buffered) until the apply is done: failover must wait (RELAUNCH). */
  applying = false;

  constructor(
    private readonly sock: net.Socket,
    private readonly r: StreamReader,
    private readonly m: Machine,
    private readonly cache: ColoCache | BoundedCache,
    private readonly control: Control,
    private readonly applied: Applied,
    private readonly hooks: IncomingHooks,
    private readonly bugs: ReadonlySet<string>,
    private readonly design: IncomingDesign = { single: false },
  ) {}

  /** The checkpoint being received or next (for the secondary's budget request). */
  next = 1;

  /** Checkpoint 0: everything into the cache and RAM, then CHECKPOINT_READY. */
  async initial(): Promise<void> {
    await expectMessage(this.r, MSG.VMSTATE_SEND);
    await readRamStream(this.r, this.m.ram.pages, { target: (p) => this.cache.initialTarget(this.m.ram, p) });
    const blob = await readBlob(this.r, await readSize(this.r));
    await this.received(0, blob.length);
    Device.validate(blob);
    this.cache.finishInitial(this.m.ram);
    this.m.device.load(blob);
    const digest = this.applied.record(this.m, 0);
    this.sock.write(encodeMessage(MSG.CHECKPOINT_READY));
    await this.control.emit({ type: 'checkpoint', n: 0, digest, bytes: this.r.consumed, dirtyPages: this.m.ram.pages, downtimeMs: 0 });
  }

  /** Checkpoints 1, 2, ... until the link fails (throws) or a RELAUNCH / take-over ends it (true). */
  async run(): Promise<boolean> {
    for (let n = 1; ; n++) {
      this.next = n;
      if (await this.one(n)) return true;
    }
  }

  /** One checkpoint; true when it ended in a RELAUNCH (failover follows). */
  private async one(n: number): Promise<boolean> {
    const c = this.control;
    const at = async (p: 'S0' | 'S1' | 'S2' | 'S3' | 'S5' | 'S6', extra?: Record<string, unknown>) => {
      await c.phase(p, n, extra);
      this.check();
    };
    await at('S0');
    await expectMessage(this.r, MSG.CHECKPOINT_REQUEST);
    this.hooks.stop();
    const t1 = now();
    await at('S1');
    this.sock.write(encodeMessage(MSG.CHECKPOINT_REPLY));
    await at('S2');
    await expectMessage(this.r, MSG.VMSTATE_SEND);
    await at('S3', { bytes: 0 });
    const bp = c.take('S3', n);
    const direct = this.bugs.has('direct-ram-write') && this.cache instanceof ColoCache;
    let stopAt = bp ? (bp.bytes ?? -1) : Infinity;
    // several channels: the breakpoint follows channel 0's stream and holds the others meanwhile
    let gate: Promise<void> | undefined;
    const channels = this.design.channels ? await this.design.channels() : [];
    const sinkFor = (first: boolean) => ({
      target: (p: number) => (direct ? { buf: this.m.ram.buf, off: p * PAGE_SIZE } : this.cache.slot(p)),
      after: (bytes: number, page: number, total: number) => {
        if (direct) this.directCopy(page);
        if (!first) return gate;
        if (stopAt === -1) stopAt = 8 + Math.floor(total / 2) * RECORD_SIZE;
        if (bytes < stopAt) return undefined;
        stopAt = Infinity;
        return (gate = c.pause('S3', n, { bytes }).then(() => this.check()));
      },
    });
    // the main stream's RAM (empty with channels), then each channel's, all to their EOS
    let count = await readRamStream(this.r, this.m.ram.pages, channels.length === 0 ? sinkFor(true) : { target: (p) => this.cache.slot(p) });
    if (channels.length) count += (await Promise.all(channels.map((r, i) => readRamStream(r, this.m.ram.pages, sinkFor(i === 0))))).reduce((a, b) => a + b, 0);
    if (this.design.single) return this.oneSingle(n, count, t1);
    const size = await readSize(this.r);
    // Planted bug: the ack goes out once RAM is in, before the device blob has arrived.
    const early = this.bugs.has('early-vmstate-received');
    if (early) this.sock.write(encodeMessage(MSG.VMSTATE_RECEIVED));
    await at('S5', { bytes: 0, total: size });
    const bpDev = c.take('S5', n);
    let partial: Buffer | undefined;
    const blob = await readBlob(
      this.r, size,
      bpDev && { bytes: bpDev.bytes ?? Math.floor(size / 2), pause: () => c.pause('S5', n, { bytes: bpDev.bytes ?? Math.floor(size / 2) }).then(() => this.check()) },
      (got) => (partial = got),
    ).catch(async (e: unknown) => {
      if (!this.bugs.has('partial-device-load') || !partial) throw e;
      // Planted bug: a short device blob is applied anyway.
      await this.apply(n, partial, count, t1);
      throw e;
    });
    Device.validate(blob);
    await this.received(n, blob.length);
    if (!early) this.sock.write(encodeMessage(MSG.VMSTATE_RECEIVED));
    this.applying = true;
    await at('S6');
    return this.apply(n, blob, count, t1);
  }

  /**
   * stream=single: the device section right after the RAM, each field loaded into the device as it
   * is parsed; the link lost inside it drops the whole cache (the device keeps what it loaded).
   */
  private async oneSingle(n: number, count: number, t1: number): Promise<boolean> {
    const c = this.control;
    await c.phase('S5', n, { bytes: 0 });
    this.check();
    const bp = c.take('S5', n);
    const scratch = this.m.device.save();
    const stop = bp && (bp.bytes ?? 8 + 8 * Math.floor((scratch.length - 8) / 16));
    try {
      await readDeviceSection(this.r, (i, value) => {
        value.copy(scratch, 8 + i * 8);
        this.m.device.applyField(scratch, i);
      }, stop === undefined ? undefined : { bytes: stop, pause: () => c.pause('S5', n, { bytes: stop }).then(() => this.check()) });
    } catch (e) {
      this.cache.drop();
      throw e;
    }
    // the trace the protocol-order check reads: RAM to EOS and the whole device section
    await this.received(n, SECTION_SIZE);
    this.sock.write(encodeMessage(MSG.VMSTATE_RECEIVED));
    this.applying = true;
    await c.phase('S6', n);
    this.check();
    return this.apply(n, undefined, count, t1);
  }

  /** S7a flush + S7b device load (already loaded: stream=single) + vm_start; then VMSTATE_LOADED unless a RELAUNCH is pending. */
  private async apply(n: number, blob: Buffer | undefined, count: number, t1: number): Promise<boolean> {
    const c = this.control;
    this.applying = true;
    try {
      await c.phase('S7a', n);
      const list = this.cache.flushList(this.m.ram, !this.bugs.has('skip-svm-dirty'));
      const half = c.take('S7a', n) ? Math.floor(list.length / 2) : list.length;
      this.cache.flushRange(this.m.ram, list, 0, half);
      if (half < list.length) {
        await c.pause('S7a', n, { pages: half, total: list.length });
        if (this.hooks.gone()) return true;
        this.cache.flushRange(this.m.ram, list, half, list.length);
      }
      await c.phase('S7b', n);
      const bp = c.take('S7b', n);
      for (let i = 0; i < DEVICE_FIELDS.length; i++) {
        if (bp && i === Math.floor(DEVICE_FIELDS.length / 2)) {
          await c.pause('S7b', n, { fields: i, total: DEVICE_FIELDS.length });
          if (this.hooks.gone()) return true;
        }
        if (blob) this.m.device.applyField(blob, i);
      }
      const digest = this.applied.record(this.m, n);
      this.hooks.resume();
      const stat = { type: 'checkpoint', n, digest, bytes: this.r.consumed, dirtyPages: count, downtimeMs: now() - t1 };
      if (this.hooks.relaunchPending()) {
        await c.emit(stat);
        return true;
      }
      this.sock.write(encodeMessage(MSG.VMSTATE_LOADED));
      await c.phase('S8', n);
      await c.emit(stat);
      return false;
    } finally {
      this.applying = false;
    }
  }

  /** RAM to its EOS and the whole device blob are here: reported (and awaited) before VMSTATE_RECEIVED. */
  private received(n: number, size: number): Promise<void> {
    return this.control.emit({ type: 'received', checkpoint: n, ramEof: true, deviceBytes: size, deviceTotal: size });
  }

  private check(): void {
    if (this.hooks.gone()) throw new AbandonedError('no longer a secondary');
  }

  /** direct-ram-write: the page went straight into guest RAM; keep the cache a mirror anyway. */
  private directCopy(page: number): void {
    if (!(this.cache instanceof ColoCache)) return;
    this.m.ram.buf.copy(this.cache.buf, page * PAGE_SIZE, page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    this.m.ram.replaced(page);
  }
}
