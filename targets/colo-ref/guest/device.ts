// The guest's one device, a "virtual NIC": counters that must agree with the RAM header.
// Serialised as the device blob; applied field by field so a torn load is real.
import { ProtocolError } from '../wire/codec.ts';

const MAGIC = 0x564e4943; // "VNIC"
const VERSION = 1;
export const DEVICE_FIELDS = ['requests', 'responses', 'lastSeq', 'checkpoint'] as const;
export type DeviceField = (typeof DEVICE_FIELDS)[number];
export const DEVICE_BLOB_SIZE = 8 + DEVICE_FIELDS.length * 8;

export class Device {
  requests = 0n;
  responses = 0n;
  lastSeq = 0n;
  /** Number of the checkpoint this state was saved for. */
  checkpoint = 0n;

  save(): Buffer {
    const b = Buffer.alloc(DEVICE_BLOB_SIZE);
    b.writeUInt32BE(MAGIC, 0);
    b.writeUInt32BE(VERSION, 4);
    DEVICE_FIELDS.forEach((f, i) => b.writeBigUInt64BE(this[f], 8 + i * 8));
    return b;
  }

  /** Check a blob's header and size before anything is applied. */
  static validate(blob: Buffer): void {
    if (blob.length !== DEVICE_BLOB_SIZE) {
      throw new ProtocolError(`Invalid device state: ${blob.length} bytes, expected ${DEVICE_BLOB_SIZE}`);
    }
    if (blob.readUInt32BE(0) !== MAGIC || blob.readUInt32BE(4) !== VERSION) {
      throw new ProtocolError('Invalid device state: bad magic or version');
    }
  }

  /** Apply field i of a blob; fields not (fully) present in a short blob are skipped. */
  applyField(blob: Buffer, i: number): void {
    const off = 8 + i * 8;
    if (off + 8 > blob.length) return;
    this[DEVICE_FIELDS[i] as DeviceField] = blob.readBigUInt64BE(off);
  }

  load(blob: Buffer): void {
    for (let i = 0; i < DEVICE_FIELDS.length; i++) this.applyField(blob, i);
  }
}
