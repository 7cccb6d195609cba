// stream=single (the thread's proposal): no VMSTATE_SIZE; after the RAM stream the device state
// follows in-band, in the same load loop: a record with the field count, one be64 per field, then
// VM_EOF. The secondary applies each field as it is parsed (there is no device buffer: the colo
// cache is the only one), which is what makes a cut inside this section tear the device.
import { DEVICE_FIELDS } from '../guest/device.ts';
import { ProtocolError } from './codec.ts';
import type { StreamReader } from './reader.ts';

export const DEVICE_FLAG = 0x20n;
export const VM_EOF = 0x40n;
/** Bytes of the section: count record, one be64 per field, VM_EOF. */
export const SECTION_SIZE = 8 + DEVICE_FIELDS.length * 8 + 8;

/** The section for a device blob (Device.save(): 8 header bytes, then the fields). */
export function encodeDeviceSection(blob: Buffer): Buffer {
  const out = Buffer.alloc(SECTION_SIZE);
  out.writeBigUInt64BE((BigInt(DEVICE_FIELDS.length) << 12n) | DEVICE_FLAG, 0);
  blob.copy(out, 8, 8, 8 + DEVICE_FIELDS.length * 8);
  out.writeBigUInt64BE(VM_EOF, SECTION_SIZE - 8);
  return out;
}

/**
 * Read the section, calling `field(i, value)` as each field arrives (the load applies it there and
 * then). `at` stops after that many bytes of the section (a breakpoint inside the device state).
 */
export async function readDeviceSection(
  r: StreamReader,
  field: (i: number, value: Buffer) => void,
  at?: { bytes: number; pause: () => Promise<void> },
): Promise<void> {
  let got = 0;
  let stop = at ? at.bytes : Infinity;
  const pauseIfDue = async (): Promise<void> => {
    if (got < stop || !at) return;
    stop = Infinity;
    await at.pause();
  };
  await r.need(8);
  const head = r.u64();
  got += 8;
  if ((head & 0xfffn) !== DEVICE_FLAG || Number(head >> 12n) !== DEVICE_FIELDS.length) {
    throw new ProtocolError(`Invalid device section header 0x${head.toString(16)}`);
  }
  await pauseIfDue();
  for (let i = 0; i < DEVICE_FIELDS.length; i++) {
    await r.need(8);
    field(i, r.take(8));
    got += 8;
    await pauseIfDue();
  }
  await r.need(8);
  const eof = r.u64();
  if (eof !== VM_EOF) throw new ProtocolError(`Invalid device section end 0x${eof.toString(16)}, expected VM_EOF`);
}
