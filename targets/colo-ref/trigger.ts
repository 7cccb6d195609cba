// A one-shot wake-up (like QEMU's colo_checkpoint_event) with an optional timer.
export class Trigger {
  private waiter: (() => void) | undefined;
  private fired = false;
  private timer: NodeJS.Timeout | undefined;

  fire(): void {
    this.fired = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Fire after ms (re-arming replaces the previous timer). */
  arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), ms);
  }

  wait(): Promise<void> {
    if (this.fired) {
      this.fired = false;
      return Promise.resolve();
    }
    return new Promise((r) => {
      this.waiter = () => {
        this.fired = false;
        r();
      };
    });
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.fire();
  }
}
