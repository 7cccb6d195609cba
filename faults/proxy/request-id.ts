// X-Toxiproxy-Request-Id: Toxiproxy sets it with zerolog's hlog.RequestIDHandler, an xid per
// request: 4 bytes of Unix seconds, 3 of machine id, 2 of process id, 3 of a counter that starts
// at a random value, in lowercase base32hex (20 characters).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Random } from '../../core/random.ts';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

function base32hex(bytes: Buffer): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return bits > 0 ? out + BASE32HEX[(acc << (5 - bits)) & 31] : out;
}

/** xid's machine id: the first 3 bytes of the MD5 of /etc/machine-id, else of the host name. */
function machineId(): Buffer {
  let id = hostname();
  try {
    id = readFileSync('/etc/machine-id', 'utf8').trim() || id;
  } catch {
    // no machine id: the host name, as xid falls back to
  }
  return createHash('md5').update(id).digest().subarray(0, 3);
}

// one counter per process, as xid's, so servers in one process never repeat an id
let counter: number | undefined;

export class RequestIds {
  private readonly machine = machineId();

  /** `random` seeds the counter's start when this is the process' first server. */
  constructor(random: Random) {
    counter ??= random.int(0, 0xffffff);
  }

  next(): string {
    const id = Buffer.alloc(12);
    id.writeUInt32BE(Math.floor(Date.now() / 1000) >>> 0, 0);
    this.machine.copy(id, 4);
    id.writeUInt16BE(process.pid & 0xffff, 7);
    counter = (counter! + 1) & 0xffffff;
    id.writeUIntBE(counter, 9, 3);
    return base32hex(id);
  }
}
