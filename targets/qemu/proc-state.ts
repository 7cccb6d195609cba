// Whether a QEMU process runs, is stopped (SIGSTOP) or is dead, from /proc: a signal just sent is
// still pending for a few ms (ShdPnd), and a SIGKILLed QEMU is reaped later still, so its exit
// event comes too late for a breakpoint deciding whether the bytes after it were ever sent.
import { readFileSync } from 'node:fs';

export type ProcState = 'running' | 'stopped' | 'dead';

const SIGKILL_BIT = 1n << 8n;
const SIGSTOP_BIT = 1n << 18n;

export function procState(pid: number | undefined): ProcState {
  if (pid === undefined) return 'dead';
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 'dead';
  }
  const field = (k: string): string => new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(status)?.[1] ?? '';
  const pending = BigInt(`0x${field('ShdPnd') || '0'}`) | BigInt(`0x${field('SigPnd') || '0'}`);
  const state = field('State');
  if (state === 'Z' || state === 'X' || pending & SIGKILL_BIT) return 'dead';
  if (state === 'T' || state === 't' || pending & SIGSTOP_BIT) return 'stopped';
  return 'running';
}
