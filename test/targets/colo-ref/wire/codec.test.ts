import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StreamReader } from '../../../../targets/colo-ref/wire/reader.ts';
import {
  encodeMessage, encodeSize, expectMessage, MSG, PAGE_SIZE, ProtocolError, RAM_FLAG_COUNT, RAM_FLAG_EOS,
  RAM_FLAG_PAGE, readBlob, readMessage, readRamStream, readSize, RECORD_SIZE, writeRecordHeader,
} from '../../../../targets/colo-ref/wire/codec.ts';

const PAGES = 64;

/** A whole checkpoint stream after VMSTATE_SEND: RAM records, EOS, VMSTATE_SIZE, blob. */
function encode(pages: Array<{ page: number; fill: number }>, blob: Buffer): Buffer {
  const ram = Buffer.alloc(8 + pages.length * RECORD_SIZE + 8);
  writeRecordHeader(ram, 0, pages.length, RAM_FLAG_COUNT);
  pages.forEach((p, i) => {
    writeRecordHeader(ram, 8 + i * RECORD_SIZE, p.page, RAM_FLAG_PAGE);
    ram.fill(p.fill, 16 + i * RECORD_SIZE, 16 + i * RECORD_SIZE + PAGE_SIZE);
  });
  ram.writeBigUInt64BE(RAM_FLAG_EOS, ram.length - 8);
  return Buffer.concat([encodeMessage(MSG.VMSTATE_SEND), ram, encodeSize(blob.length), blob]);
}

async function decode(bytes: Buffer, chunks: number[]): Promise<{ ram: Buffer; blob: Buffer; count: number }> {
  const r = new StreamReader();
  let off = 0;
  for (const c of chunks) {
    r.push(bytes.subarray(off, Math.min(bytes.length, off + c)));
    off += c;
  }
  r.push(bytes.subarray(off));
  r.end(new Error('end of input'));
  const ram = Buffer.alloc(PAGES * PAGE_SIZE);
  await expectMessage(r, MSG.VMSTATE_SEND);
  const count = await readRamStream(r, PAGES, { target: (p) => ({ buf: ram, off: p * PAGE_SIZE }) });
  const blob = await readBlob(r, await readSize(r));
  return { ram, blob, count };
}

const pagesArb = fc.array(fc.record({ page: fc.integer({ min: 0, max: PAGES - 1 }), fill: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 });
const blobArb = fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a));

describe('colo-ref wire codec', () => {
  it('round-trips RAM records and the device blob, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(pagesArb, blobArb, fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 6 }), async (pages, blob, chunks) => {
        const out = await decode(encode(pages, blob), chunks);
        expect(out.count).toBe(pages.length);
        expect(out.blob.equals(blob)).toBe(true);
        const last = new Map(pages.map((p) => [p.page, p.fill]));
        for (const [page, fill] of last) expect(out.ram[page * PAGE_SIZE + 100]).toBe(fill);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects values >= 7 as "Invalid message" and wrong ones as "Unexpected COLO message"', async () => {
    const bad = new StreamReader();
    bad.push(encodeMessage(9));
    await expect(readMessage(bad)).rejects.toThrow('Invalid message 9');
    const wrong = new StreamReader();
    wrong.push(encodeMessage(MSG.VMSTATE_LOADED));
    await expect(expectMessage(wrong, MSG.CHECKPOINT_REPLY)).rejects.toThrow('Unexpected COLO message 6, expected 2');
  });

  it('fails cleanly (never hangs, never a non-protocol crash) on truncated or corrupted frames', async () => {
    await fc.assert(
      fc.asyncProperty(pagesArb, blobArb, fc.nat(), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))), async (pages, blob, cutAt, flip) => {
        const full = encode(pages, blob);
        const bytes = Buffer.from(full.subarray(0, cutAt % (full.length + 1)));
        if (flip && bytes.length > 0) bytes[flip[0] % bytes.length] = flip[1];
        const result = await decode(bytes, []).then(
          () => 'ok',
          (e: Error) => (e instanceof ProtocolError || e.message === 'end of input' ? 'clean' : `unclean: ${e.message}`),
        );
        expect(['ok', 'clean']).toContain(result);
        if (bytes.length < full.length) expect(result).toBe('clean');
      }),
      { numRuns: 300 },
    );
  });
});
