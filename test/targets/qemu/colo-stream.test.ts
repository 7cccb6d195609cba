// The checkpoint-stream decoder against a stream recorded from the fixed QEMU (fixtures/,
// made by record-fixture.ts), whole and re-chunked at seeded random points, plus broken streams.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ColoStreamDecoder, type StreamEvent } from '../../../targets/qemu/colo-stream.ts';
import { readRecording, type StreamRecord } from '../../../targets/qemu/stream-record.ts';
import { Random } from '../../../core/random.ts';

const records = readRecording(readFileSync(new URL('./fixtures/checkpoint-stream.bin.gz', import.meta.url)));

function decode(recs: readonly StreamRecord[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const d = new ColoStreamDecoder((e) => events.push(e));
  for (const r of recs) (r.dir === 'fwd' ? d.fwd(r.data) : d.back(r.data));
  return events;
}

/** The same bytes, split differently (each record into 1..n pieces at random points). */
function rechunk(recs: readonly StreamRecord[], random: Random): StreamRecord[] {
  return recs.flatMap((r) => {
    const out: StreamRecord[] = [];
    for (let off = 0; off < r.data.length;) {
      const n = Math.min(r.data.length - off, random.int(1, 9000));
      out.push({ dir: r.dir, data: r.data.subarray(off, off + n) });
      off += n;
    }
    return out;
  });
}

const ORDER = ['request', 'reply', 'vmstate-send', 'ram-start', 'ram-end', 'size', 'device-done', 'received', 'loaded'];

describe('ColoStreamDecoder on a recorded QEMU 7.2 stream', () => {
  const events = decode(records);

  test('finds COLO start and at least 3 whole checkpoints in protocol order, without errors', () => {
    expect(events.filter((e) => e.kind === 'error')).toEqual([]);
    expect(events[0]?.kind).toBe('ready');
    const done = events.filter((e) => e.kind === 'loaded').map((e) => (e as { checkpoint: number }).checkpoint);
    expect(done.slice(0, 3)).toEqual([1, 2, 3]);
    for (const n of done) {
      const kinds = events.filter((e) => 'checkpoint' in e && e.checkpoint === n).map((e) => e.kind);
      expect(kinds).toEqual(ORDER);
    }
  });

  test('RAM sections hold dirty pages and the device blob has the announced size', () => {
    for (const e of events) {
      if (e.kind === 'ram-end') expect(e.pages).toBeGreaterThan(0);
      if (e.kind === 'device-done') {
        const size = events.find((s) => s.kind === 'size' && s.checkpoint === e.checkpoint);
        expect(size && size.kind === 'size' ? size.size : -1).toBe(e.bytes);
        expect(e.offset - (size as { offset: number }).offset).toBe(e.bytes);
      }
    }
  });

  test('chunking does not change what is decoded', () => {
    for (const seed of [1, 2, 3]) expect(decode(rechunk(records, new Random(seed)))).toEqual(events);
  });

  test('stops (after a message, inside RAM, inside the blob) cut exactly there, and feeding the rest gives the same events', () => {
    const got: StreamEvent[] = [];
    const d = new ColoStreamDecoder((e) => {
      got.push(e);
      if (e.kind === 'request' && e.checkpoint === 1) d.requestStop();
      if (e.kind === 'ram-start' && e.checkpoint === 2) d.stopInRam(5000, () => got.push({ kind: 'error', message: 'ram-stop' }));
      if (e.kind === 'size' && e.checkpoint === 2) d.stopInBlob(100, () => got.push({ kind: 'error', message: 'blob-stop' }));
      if (e.kind === 'received' && e.checkpoint === 3) d.requestStop();
    });
    const cuts: number[] = [];
    /** Forward-stream bytes that had passed at each forward stop. */
    const fwdAtStop: number[] = [];
    let fwdPassed = 0;
    for (const r of records) {
      let rest: Buffer = r.data;
      for (;;) {
        const cut = r.dir === 'fwd' ? d.fwd(rest) : d.back(rest);
        if (r.dir === 'fwd') fwdPassed += cut ?? rest.length;
        if (cut === null) break;
        cuts.push(cut);
        if (r.dir === 'fwd') fwdAtStop.push(fwdPassed);
        rest = rest.subarray(cut);
        if (!rest.length) break;
      }
    }
    expect(cuts.length).toBe(4);
    const req1 = events.find((e) => e.kind === 'request' && e.checkpoint === 1) as { offset: number };
    const ram2 = events.find((e) => e.kind === 'ram-start' && e.checkpoint === 2) as { offset: number };
    const size2 = events.find((e) => e.kind === 'size' && e.checkpoint === 2) as { offset: number };
    // where each forward stop cut: right after CHECKPOINT_REQUEST, 5000+ bytes into the RAM stream
    // (at a record boundary), 100 bytes into the device blob
    expect(fwdAtStop.length).toBe(3);
    expect(fwdAtStop[0]).toBe(req1.offset);
    expect(fwdAtStop[1]).toBeGreaterThanOrEqual(ram2.offset + 5000);
    expect(fwdAtStop[1]).toBeLessThan(size2.offset);
    expect(fwdAtStop[2]).toBe(size2.offset + 100);
    const iRam = got.findIndex((e) => e.kind === 'error' && e.message === 'ram-stop');
    const iBlob = got.findIndex((e) => e.kind === 'error' && e.message === 'blob-stop');
    expect(iRam).toBeGreaterThan(got.indexOf(got.find((e) => e.kind === 'ram-start' && e.checkpoint === 2)!));
    expect(iBlob).toBeGreaterThan(got.indexOf(got.find((e) => e.kind === 'size' && e.checkpoint === 2)!));
    expect(got.filter((e) => e.kind !== 'error')).toEqual(events);
    expect(req1.offset).toBeLessThan(ram2.offset);
  });

  test('a stream cut mid-checkpoint stops without inventing later phases', () => {
    const loaded = events.filter((e) => e.kind === 'loaded').length;
    const cut = records.slice(0, Math.floor(records.length / 2));
    const partial = decode(cut);
    expect(partial.filter((e) => e.kind === 'error')).toEqual([]);
    expect(partial.filter((e) => e.kind === 'loaded').length).toBeLessThan(loaded);
  });

  test('an invalid COLO message after CHECKPOINT_READY is reported once', () => {
    const bad = decode([{ dir: 'back', data: Buffer.from([0, 0, 0, 0]) }, { dir: 'fwd', data: Buffer.from([0, 0, 0, 9, 0, 0, 0, 1]) }]);
    expect(bad.map((e) => e.kind)).toEqual(['ready', 'error']);
    expect(bad[1]).toMatchObject({ message: expect.stringContaining('unexpected COLO message 9') });
  });

  test('a RAM record with unknown flags is an error, not a silent skip', () => {
    const rec = Buffer.alloc(9); // be32 message, section type, be32 section id
    rec.writeUInt32BE(3, 0); // VMSTATE_SEND
    rec[4] = 0x03; // QEMU_VM_SECTION_END, section id follows
    const flags = Buffer.alloc(8);
    flags.writeBigUInt64BE(0x1000n | 0x80n);
    const bad = decode([{ dir: 'back', data: Buffer.from([0, 0, 0, 0]) }, { dir: 'fwd', data: Buffer.concat([rec, flags]) }]);
    expect(bad.at(-1)).toMatchObject({ kind: 'error', message: expect.stringContaining('RAM record flags 0x80') });
  });
});

describe('ColoStreamDecoder on a recorded QEMU 10.0 stream (a QEMU_VM_COMMAND opens each checkpoint\'s state)', () => {
  const newer = decode(readRecording(readFileSync(new URL('./fixtures/checkpoint-stream-newer.bin.gz', import.meta.url))));

  test('decodes 3 whole checkpoints in protocol order, without errors', () => {
    expect(newer.filter((e) => e.kind === 'error')).toEqual([]);
    expect(newer.filter((e) => e.kind === 'loaded').map((e) => (e as { checkpoint: number }).checkpoint).slice(0, 3)).toEqual([1, 2, 3]);
    const first = newer.filter((e) => 'checkpoint' in e && e.checkpoint === 1).map((e) => e.kind);
    expect(first.filter((k) => ORDER.includes(k))).toEqual(ORDER);
  });
});
