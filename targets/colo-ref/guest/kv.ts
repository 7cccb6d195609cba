// A small hash table in guest RAM: fixed 256-byte slots, 16 per page, linear probing over pages.
import type { Ram } from './ram.ts';
import type { Layout } from './layout.ts';
import { PAGE_SIZE } from '../wire/codec.ts';

const SLOT = 256;
const KEY_MAX = 60;
const VALUE_MAX = SLOT - 64;
const PROBE_PAGES = 4;

function bucket(l: Layout, key: Buffer): number {
  let h = 0x811c9dc5;
  for (const b of key) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0) % l.kvPages;
}

/** Slot offsets (absolute in RAM) to probe for a key, in order. */
function* probe(l: Layout, key: Buffer): Generator<number> {
  const first = bucket(l, key);
  for (let p = 0; p < Math.min(PROBE_PAGES, l.kvPages); p++) {
    const page = l.kvBase + ((first + p) % l.kvPages);
    for (let s = 0; s < PAGE_SIZE / SLOT; s++) yield page * PAGE_SIZE + s * SLOT;
  }
}

function keyAt(ram: Ram, off: number): Buffer {
  return ram.buf.subarray(off + 4, off + 4 + (ram.buf[off + 1] as number));
}

export function kvGet(ram: Ram, l: Layout, key: string): string | null {
  const k = Buffer.from(key);
  for (const off of probe(l, k)) {
    if (ram.buf[off] !== 1) return null;
    if (keyAt(ram, off).equals(k)) {
      const vlen = ram.buf.readUInt16LE(off + 2);
      return ram.buf.toString('utf8', off + 64, off + 64 + vlen);
    }
  }
  return null;
}

export function kvPut(ram: Ram, l: Layout, key: string, value: string): string | undefined {
  const k = Buffer.from(key);
  const v = Buffer.from(value);
  if (k.length > KEY_MAX || v.length > VALUE_MAX) return 'too-long';
  for (const off of probe(l, k)) {
    const used = ram.buf[off] === 1;
    if (used && !keyAt(ram, off).equals(k)) continue;
    ram.buf[off] = 1;
    ram.buf[off + 1] = k.length;
    ram.buf.writeUInt16LE(v.length, off + 2);
    k.copy(ram.buf, off + 4);
    v.copy(ram.buf, off + 64);
    ram.touched(Math.floor(off / PAGE_SIZE));
    return undefined;
  }
  return 'full';
}
