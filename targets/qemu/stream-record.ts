// Records a checkpoint stream as the primary-side tap sees it, for decoder fixtures: records of
// [direction byte (0 fwd, 1 back), be32 length, bytes]; the precopy is cut to its first
// `precopyBytes` (the decoder does not parse it) and recording stops after `maxBytes`.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TapDirection } from './tap.ts';

export interface StreamRecord {
  dir: TapDirection;
  data: Buffer;
}

export class StreamRecorder {
  private parts: Buffer[] = [];
  private size = 0;
  private precopy = 0;
  private colo = false;

  constructor(private readonly precopyBytes = 65536, private readonly maxBytes = 4 << 20) {}

  add(dir: TapDirection, chunk: Buffer): void {
    if (this.size >= this.maxBytes) return;
    if (dir === 'back') this.colo = true;
    let data = chunk;
    if (!this.colo && dir === 'fwd') {
      data = chunk.subarray(0, Math.max(0, this.precopyBytes - this.precopy));
      this.precopy += data.length;
      if (!data.length) return;
    }
    const head = Buffer.alloc(5);
    head[0] = dir === 'fwd' ? 0 : 1;
    head.writeUInt32BE(data.length, 1);
    this.parts.push(head, Buffer.from(data));
    this.size += data.length + 5;
  }

  /** gzip of the records. */
  toGzip(): Buffer {
    return gzipSync(Buffer.concat(this.parts), { level: 9 });
  }
}

export function readRecording(gz: Buffer): StreamRecord[] {
  const buf = gunzipSync(gz);
  const out: StreamRecord[] = [];
  for (let off = 0; off + 5 <= buf.length;) {
    const len = buf.readUInt32BE(off + 1);
    out.push({ dir: buf[off] === 0 ? 'fwd' : 'back', data: buf.subarray(off + 5, off + 5 + len) });
    off += 5 + len;
  }
  return out;
}
