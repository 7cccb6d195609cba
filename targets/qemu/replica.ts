// One QEMU process: own process group (execa, detached), stderr trace lines to a listener and a
// log file, the serial console read from its file, always reaped by stop().
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import type { Role } from '../../core/model/phases.ts';

export interface Exit {
  code: number | null;
  signal: string | null;
}

/** Live QEMUs: a detached process group outlives node unless it is killed when node exits. */
const live = new Set<Replica>();
process.once('exit', () => { for (const r of live) r.signal('SIGKILL'); });

export class Replica {
  readonly proc: ResultPromise;
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;
  private log: WriteStream;
  private lineBuf = '';
  private tail: string[] = [];

  constructor(readonly role: Role, binary: string, args: string[], readonly serialLog: string, stderrLog: string, onLine: (line: string, t: number) => void) {
    this.log = createWriteStream(stderrLog);
    this.proc = execa(binary, args, { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false, buffer: false, cleanup: false });
    this.proc.stderr?.setEncoding('utf8');
    this.proc.stderr?.on('data', (chunk: string) => {
      const t = Date.now();
      this.log.write(chunk);
      this.lineBuf += chunk;
      let nl: number;
      while ((nl = this.lineBuf.indexOf('\n')) >= 0) {
        const line = this.lineBuf.slice(0, nl);
        if (!/^\d+@[\d.]+:colo_|^colo_/.test(line)) this.tail = [...this.tail, line].slice(-4);
        onLine(line, t);
        this.lineBuf = this.lineBuf.slice(nl + 1);
      }
    });
    live.add(this);
    this.exited = this.proc.then((r) => {
      live.delete(this);
      this.exit = { code: r.exitCode ?? null, signal: r.signal ?? null };
      return this.exit;
    }, (e: Error) => {
      live.delete(this);
      this.exit = { code: null, signal: null };
      this.log.write(`spawn failed: ${e.message}\n`);
      return this.exit;
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** How it ended, once reaped. */
  get ended(): Exit | null {
    return this.exit;
  }

  get alive(): boolean {
    return this.exit === null && this.proc.pid !== undefined;
  }

  /** Signal the whole process group. */
  signal(sig: NodeJS.Signals): void {
    if (!this.alive || !this.proc.pid) return;
    try {
      process.kill(-this.proc.pid, sig);
    } catch {
      // already gone
    }
  }

  /** SIGCONT (in case it was stopped), SIGTERM, then SIGKILL after `graceMs`; resolves when reaped. */
  async stop(graceMs = 1500): Promise<Exit> {
    if (this.alive) {
      this.signal('SIGCONT');
      this.signal('SIGTERM');
      const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    const exit = await this.exited;
    await new Promise<void>((r) => this.log.end(() => r()));
    return exit;
  }

  async serial(): Promise<string> {
    return existsSync(this.serialLog) ? readFile(this.serialLog, 'utf8') : '';
  }

  /** The last stderr lines (QEMU's errors), for one-line setup errors. */
  stderrTail(): string {
    return this.tail.join(' | ');
  }
}

/** Kernel trouble in a serial log: panic, oops, BUG. */
export function kernelTrouble(serial: string): string[] {
  return serial.split('\n').filter((l) => /Kernel panic|Oops|BUG:|general protection fault|segfault at/.test(l)).slice(0, 5);
}
