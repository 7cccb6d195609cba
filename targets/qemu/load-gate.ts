// A QMP-controlled pause of the secondary's checkpoint load, with no patch to QEMU: a screendump to
// a FIFO that nobody reads blocks QEMU's main loop while it holds the big lock (BQL). The COLO
// thread receives the device blob and sends VMSTATE_RECEIVED without the BQL, then needs it to
// load (colo_incoming_process_checkpoint): it waits there, between S6 and S7a, until the FIFO is read.
import { closeSync, openSync, readSync, constants } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { QmpClient } from './qmp.ts';

export class LoadGate {
  private fd: number | null = null;
  private n = 0;
  private draining: NodeJS.Timeout | null = null;

  constructor(private readonly qmp: () => QmpClient | undefined, private readonly dir: string) {}

  /** Resolves true once the main loop is blocked in the screendump (false: it could not be closed). */
  async close(timeoutMs = 2000): Promise<boolean> {
    const q = this.qmp();
    if (!q || this.fd !== null) return false;
    const fifo = join(this.dir, `load-gate-${this.n++}.fifo`);
    await rm(fifo, { force: true });
    await execa('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    this.fd = fd;
    let failed = false;
    void q.execute('screendump', { filename: fifo }, 60_000).catch(() => { failed = true; });
    const buf = Buffer.alloc(65536);
    const deadline = Date.now() + timeoutMs;
    // QEMU writes the image until the pipe is full: the first bytes mean it is in there, holding the BQL
    while (Date.now() < deadline && !failed) {
      let got = 0;
      try { got = readSync(fd, buf); } catch { got = 0; } // EAGAIN: opened, nothing written yet
      if (got > 0) return true;
      await new Promise((r) => setTimeout(r, 2));
    }
    this.open();
    return false;
  }

  /** Read the FIFO to its end (in the background): the screendump finishes and the load goes on. */
  open(): void {
    const fd = this.fd;
    if (fd === null || this.draining) return;
    const buf = Buffer.alloc(1 << 20);
    let seen = false;
    const step = (): void => {
      let got = -1;
      try { got = readSync(fd, buf); } catch { got = -1; }
      if (got > 0) seen = true;
      // 0 after data: the writer closed; give up after a while in any case
      if (got === 0 && seen) return this.done(fd);
      this.draining = setTimeout(step, got > 0 ? 0 : 5);
    };
    step();
    setTimeout(() => this.done(fd), 10_000).unref();
  }

  private done(fd: number): void {
    if (this.fd !== fd) return;
    if (this.draining) clearTimeout(this.draining);
    this.draining = null;
    this.fd = null;
    try { closeSync(fd); } catch { /* closed already */ }
  }
}
