// Stall watchdog for the checkpoint link: no progress for `ms` (outside breakpoints) -> onStall.
export class Stall {
  private last = performance.now();
  private lastTick = performance.now();
  private pausedDepth = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly ms: number, private readonly onStall: (ms: number) => void) {}

  /** The same watchdog with another bound (not started). */
  withBound(ms: number): Stall {
    return new Stall(ms, this.onStall);
  }

  touch(): void {
    this.last = performance.now();
  }

  start(): void {
    this.touch();
    const every = Math.min(100, this.ms / 4);
    this.lastTick = performance.now();
    this.timer ??= setInterval(() => {
      const t = performance.now();
      // a tick far later than scheduled: this process was stopped or starved, not the link; the
      // peer's bytes wait unread behind this timer (timers run before I/O), so start the clock again
      if (t - this.lastTick > every + Math.max(200, this.ms / 2)) this.touch();
      this.lastTick = t;
      if (this.pausedDepth === 0 && t - this.last > this.ms) {
        this.stop();
        this.onStall(this.ms);
      }
    }, every);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Run f (a breakpoint pause) without counting its time as a stall. */
  async excluded<T>(f: () => Promise<T>): Promise<T> {
    this.pausedDepth++;
    try {
      return await f();
    } finally {
      this.pausedDepth--;
      this.touch();
    }
  }
}
