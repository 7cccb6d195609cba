// The state digest of TARGET-PROTOCOL §4: SHA-256 over every page hash and the device blob.
import { createHash } from 'node:crypto';

export function stateDigest(pageHashes: Buffer, deviceBlob: Buffer): string {
  return createHash('sha256').update(pageHashes).update(deviceBlob).digest('hex');
}

/** Hash of one response line as the output journal stores it (and clients can recompute). */
export function responseHash(line: string): string {
  return createHash('sha1').update(line).digest('hex').slice(0, 16);
}
