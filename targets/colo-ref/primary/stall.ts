// Stall watchdog for the checkpoint link: no progress for `ms` (outside breakpoints) -> onStall.
export class Stall {
  private last = performance.now();
  private pausedDepth = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number, private readonly onStall: (ms: number) => void) {}

  touch(): void {
    this.last = performance.now();
  }

  start(): void {
    this.touch();
    this.timer ??= setInterval(() => {
      if (this.pausedDepth === 0 && performance.now() - this.last > this.ms) {
        this.stop();
        this.onStall(this.ms);
      }
    }, Math.min(100, this.ms / 4));
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
