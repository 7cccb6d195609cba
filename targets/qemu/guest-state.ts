// The guest's own state, read through its service (op "state", read-only) and mapped onto
// ReplicaState: digest = SHA-256 of (lastSeq, balances, kv); lastApplied = the guest's lastSeq;
// outputs = its journal, hashed like responseHash(); invariants = bank total, journal
// contiguity, and no kernel panic/oops on the serial console.
import { createHash } from 'node:crypto';
import { GuestClient } from '../../core/guest-client.ts';
import { kernelTrouble } from './replica.ts';

export const INITIAL_BALANCE = 1000;

export interface GuestDump {
  lastSeq: number;
  /** With a disk: the counter the guest last wrote to /dev/vda. */
  diskSeq?: number;
  balances: number[];
  kv: Record<string, string>;
  journal: string[];
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The journal hash of a response line: SHA-256 of its canonical JSON (sorted keys, no spaces). */
export function responseHash(line: string): string {
  let text = line;
  try {
    text = canonical(JSON.parse(line));
  } catch {
    // not JSON: hash the bytes as they are (it cannot match a journal entry)
  }
  return createHash('sha256').update(text).digest('hex');
}

/** Ask the guest at host:port for its state (the workload's own client); bounded by timeoutMs. */
export async function fetchDump(host: string, port: number, timeoutMs: number): Promise<GuestDump> {
  const deadline = Date.now() + timeoutMs;
  const client = await GuestClient.connect(host, port, timeoutMs);
  try {
    const { response } = await client.request({ op: 'state' }, Math.max(1, deadline - Date.now()));
    const m = response as unknown as GuestDump;
    if (!Array.isArray(m.balances) || !Array.isArray(m.journal)) throw new Error(`the guest's "state" answer is not valid: no balances/journal in the answer`);
    return { lastSeq: m.lastSeq, balances: m.balances, kv: m.kv ?? {}, journal: m.journal, ...(typeof m.diskSeq === 'number' ? { diskSeq: m.diskSeq } : {}) };
  } finally {
    client.close();
  }
}

export function stateDigest(d: GuestDump): string {
  return createHash('sha256').update(canonical({ lastSeq: d.lastSeq, balances: d.balances, kv: d.kv })).digest('hex');
}

export function journalOutputs(d: GuestDump): Array<[number, string]> {
  return d.journal.map((line) => [Number((JSON.parse(line) as { seq?: number }).seq), responseHash(line)] as [number, string]);
}

export function invariants(d: GuestDump, accounts: number, serial: string): string[] {
  const v: string[] = [];
  const total = d.balances.reduce((s, b) => s + b, 0);
  if (d.balances.length !== accounts) v.push(`the guest has ${d.balances.length} accounts, not ${accounts}`);
  if (total !== accounts * INITIAL_BALANCE) v.push(`bank total ${total} != ${accounts * INITIAL_BALANCE}`);
  if (d.balances.some((b) => b < 0)) v.push('a balance is negative');
  const seqs = d.journal.map((l) => Number((JSON.parse(l) as { seq?: number }).seq));
  const gap = seqs.findIndex((s, i) => s !== i + 1);
  if (gap >= 0) v.push(`the output journal is not contiguous at entry ${gap + 1} (seq ${seqs[gap]})`);
  if (seqs.length !== d.lastSeq) v.push(`the journal holds ${seqs.length} responses but lastSeq is ${d.lastSeq}`);
  if (d.diskSeq !== undefined && d.diskSeq > d.lastSeq) v.push(`the disk holds counter ${d.diskSeq}, ahead of the guest's RAM (${d.lastSeq})`);
  for (const l of kernelTrouble(serial)) v.push(`kernel: ${l.trim()}`);
  return v;
}
