// QEMU COLO wire framing (QEMU's migration/colo.c, colo_send_message): be32 control messages 0..6, VMSTATE_SIZE + be64,
// RAM page records ended by EOS, then exactly N bytes of device state. Strict validation.
import { StreamReader } from './reader.ts';

export const PAGE_SIZE = 4096;

export const MSG = {
  CHECKPOINT_READY: 0,
  CHECKPOINT_REQUEST: 1,
  CHECKPOINT_REPLY: 2,
  VMSTATE_SEND: 3,
  VMSTATE_SIZE: 4,
  VMSTATE_RECEIVED: 5,
  VMSTATE_LOADED: 6,
} as const;
export const MSG_MAX = 7;
/**
 * cache=bounded only (not QEMU's): S->P "my colo cache budget is hit, checkpoint now". The
 * primary's return path then accepts values up to MSG_MAX_BOUNDED.
 */
export const CHECKPOINT_NEED = 7;
export const MSG_MAX_BOUNDED = 8;

/** RAM record flags in the low bits of the be64 header (addresses are page aligned). */
export const RAM_FLAG_COUNT = 0x04n; // first record: number of page records that follow (our MEM_SIZE)
export const RAM_FLAG_PAGE = 0x08n;
/** The flag as a number, for the per-page check (no BigInt per record). */
const PAGE_FLAG = Number(RAM_FLAG_PAGE);
export const RAM_FLAG_EOS = 0x10n;
export const RECORD_SIZE = 8 + PAGE_SIZE;
/** Largest device blob we accept (a corrupted size must not make us allocate gigabytes). */
export const MAX_BLOB = 1 << 20;

export class ProtocolError extends Error {}

export function encodeMessage(msg: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(msg, 0);
  return b;
}

export function encodeSize(n: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(MSG.VMSTATE_SIZE, 0);
  b.writeBigUInt64BE(BigInt(n), 4);
  return b;
}

export function writeRecordHeader(dst: Buffer, off: number, page: number, flag: bigint): void {
  dst.writeBigUInt64BE((BigInt(page) << 12n) | flag, off);
}

/** Bytes of a RAM stream carrying `count` pages (count record + pages + EOS). */
export function ramStreamSize(count: number): number {
  return 8 + count * RECORD_SIZE + 8;
}

export async function readMessage(r: StreamReader, max = MSG_MAX): Promise<number> {
  await r.need(4);
  const v = r.u32();
  if (v >= max) throw new ProtocolError(`Invalid message ${v}`);
  return v;
}

export async function expectMessage(r: StreamReader, want: number): Promise<void> {
  const v = await readMessage(r);
  if (v !== want) throw new ProtocolError(`Unexpected COLO message ${v}, expected ${want}`);
}

export interface RamSink {
  /** Where page `page`'s 4 KiB go; called once per record. */
  target(page: number): { buf: Buffer; off: number };
  /** After each record, with RAM-stream bytes so far; may pause (breakpoint). */
  after?(bytes: number, page: number, count: number): Promise<void> | undefined;
}

/** Read one RAM stream (count, pages, EOS) into a sink. Returns the page count. */
export async function readRamStream(r: StreamReader, pages: number, sink: RamSink): Promise<number> {
  const start = r.consumed;
  await r.need(8);
  const first = r.u64();
  if ((first & 0xfffn) !== RAM_FLAG_COUNT) {
    throw new ProtocolError(`Invalid RAM stream: first record 0x${first.toString(16)} is not a page count`);
  }
  const count = Number(first >> 12n);
  if (count > pages) throw new ProtocolError(`Invalid RAM stream: ${count} pages announced, guest has ${pages}`);
  for (let i = 0; i < count; i++) {
    if (r.buffered < RECORD_SIZE) await r.need(RECORD_SIZE);
    const [hi, lo] = r.u64parts();
    const page = hi * 0x100000 + (lo >>> 12);
    if ((lo & 0xfff) !== PAGE_FLAG || page >= pages) {
      throw new ProtocolError(`Invalid RAM record 0x${((BigInt(hi) << 32n) | BigInt(lo)).toString(16)} (${i} of ${count})`);
    }
    const t = sink.target(page);
    r.copyTo(t.buf, t.off, PAGE_SIZE);
    const p = sink.after?.(r.consumed - start, page, count);
    if (p) await p;
  }
  await r.need(8);
  const eos = r.u64();
  if (eos !== RAM_FLAG_EOS) throw new ProtocolError(`Invalid RAM stream end 0x${eos.toString(16)}, expected EOS`);
  return count;
}

/** VMSTATE_SIZE + be64 N. */
export async function readSize(r: StreamReader): Promise<number> {
  await expectMessage(r, MSG.VMSTATE_SIZE);
  await r.need(8);
  const n = r.u64();
  if (n > BigInt(MAX_BLOB)) throw new ProtocolError(`Invalid device state size ${n}`);
  return Number(n);
}

/**
 * Exactly n bytes of device state into a buffer. `at` (bytes) lets a breakpoint stop inside.
 * On a short stream, `partial` receives what arrived before the error is rethrown.
 */
export async function readBlob(
  r: StreamReader,
  n: number,
  at?: { bytes: number; pause: () => Promise<void> },
  partial?: (got: Buffer) => void,
): Promise<Buffer> {
  const out = Buffer.alloc(n);
  let got = 0;
  const stops = at && at.bytes < n ? [at.bytes] : [];
  for (const stop of [...stops, n]) {
    while (got < stop) {
      try {
        await r.need(1);
      } catch (e) {
        partial?.(out.subarray(0, got));
        throw e;
      }
      const take = Math.min(stop - got, r.buffered);
      r.copyTo(out, got, take);
      got += take;
    }
    if (stop < n && at) await at.pause();
  }
  return out;
}
