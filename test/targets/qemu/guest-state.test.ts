// The mapping of the guest's state onto ReplicaState: response hashes, journal, invariants.
import { describe, expect, test } from 'vitest';
import { invariants, journalOutputs, responseHash, stateDigest, type GuestDump } from '../../../targets/qemu/guest-state.ts';

const line1 = '{"id":1,"seq":1,"ok":true,"balances":[990,1010]}';
const line2 = '{"id":2,"seq":2,"ok":true}';
const good: GuestDump = { lastSeq: 2, balances: [990, 1010], kv: { k1: 'v1' }, journal: [line1, line2] };

describe('guest state mapping', () => {
  test('a response hashes the same whatever its key order, and matches its journal entry', () => {
    expect(responseHash('{"seq":1,"balances":[990,1010],"ok":true,"id":1}')).toBe(responseHash(line1));
    expect(journalOutputs(good)).toEqual([[1, responseHash(line1)], [2, responseHash(line2)]]);
    expect(responseHash('{"id":1,"seq":1,"ok":true,"balances":[991,1009]}')).not.toBe(responseHash(line1));
    expect(responseHash('{"id":1,"seq":1,"ok')).toMatch(/^[0-9a-f]{64}$/); // torn line: hashed, never equal to an entry
  });

  test('the digest covers seq, balances and kv', () => {
    expect(stateDigest(good)).toBe(stateDigest({ ...good, journal: [] }));
    expect(stateDigest({ ...good, kv: { k1: 'v2' } })).not.toBe(stateDigest(good));
    expect(stateDigest({ ...good, lastSeq: 3 })).not.toBe(stateDigest(good));
  });

  test('invariants hold for a sound state and name each breakage', () => {
    expect(invariants(good, 2, 'COLO-GUEST-READY accounts=2\n')).toEqual([]);
    expect(invariants({ ...good, balances: [990, 1000] }, 2, '')).toEqual(['bank total 1990 != 2000']);
    expect(invariants({ ...good, journal: [line2] }, 2, '')).toEqual([
      'the output journal is not contiguous at entry 1 (seq 2)', 'the journal holds 1 responses but lastSeq is 2',
    ]);
    expect(invariants(good, 2, 'ok\n[   12.5] Kernel panic - not syncing: Attempted to kill init!\n')).toEqual([
      'kernel: [   12.5] Kernel panic - not syncing: Attempted to kill init!',
    ]);
  });
});
