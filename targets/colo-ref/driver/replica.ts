// One colo-ref replica process: started with execa in its own process group, stderr kept
// (tail in memory, whole in the case dir), always reaped; stop() kills the whole group.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { Role } from '../../../core/model/phases.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'targets/colo-ref/main.ts');
const TAIL = 4000;

export interface Exit {
  code: number | null;
  signal: string | null;
}

export class Replica {
  private tail = '';
  private log: WriteStream | undefined;
  readonly proc: ResultPromise;
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;

  /** `entry`: a prebuilt (bundled) main run with plain node; without it main.ts runs through tsx. */
  constructor(readonly role: Role, args: string[], logDir: string | undefined, entry?: string) {
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      this.log = createWriteStream(path.join(logDir, `${role}.log`));
    }
    // V8's young generation capped at 1 MiB: left to grow under a big guest's checkpoint traffic it
    // was a hidden ~25 MiB buffer in each replica (bench designs, 64 MiB guest: secondary RSS over the
    // runtime baseline 2.46x -> 1.98x unbounded, 1.46x -> 1.05x bounded:1024; downtime unchanged)
    this.proc = execa(process.execPath, ['--max-semi-space-size=1', ...(entry ? [entry] : ['--import', 'tsx', MAIN]), ...args], {
      cwd: ROOT,
      detached: true,
      reject: false,
      buffer: false,
      stdin: 'ignore',
      cleanup: true,
    });
    const keep = (d: Buffer) => {
      this.tail = (this.tail + d.toString()).slice(-TAIL);
      this.log?.write(d);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.exited = this.proc.then((r) => {
      this.exit = { code: r.exitCode ?? null, signal: r.signal ?? null };
      this.log?.end();
      return this.exit;
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  stderrTail(): string {
    return this.tail.trim().split('\n').slice(-5).join(' | ') || '(empty)';
  }

  /** Kill the process group (SIGCONT first, so a stopped group dies too) and reap it. */
  async stop(): Promise<Exit> {
    if (this.alive && this.pid) {
      for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
        try {
          process.kill(-this.pid, sig);
        } catch {
          // Already gone.
        }
      }
    }
    return this.exited;
  }
}
