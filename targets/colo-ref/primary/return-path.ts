// The primary's reads from the secondary (S->P). QEMU's design: read a message where the
// transaction expects one. cache=bounded adds CHECKPOINT_NEED, which can arrive at any time, so
// there one pump reads every message: NEED goes to `onNeed`, the rest to the transaction.
import { CHECKPOINT_NEED, expectMessage, MSG_MAX_BOUNDED, ProtocolError, readMessage } from '../wire/codec.ts';
import type { StreamReader } from '../wire/reader.ts';

export interface ReturnPath {
  expect(want: number): Promise<void>;
}

/** QEMU's: each read where it is expected. */
export function directReturnPath(r: StreamReader): ReturnPath {
  return { expect: (want) => expectMessage(r, want) };
}

/** cache=bounded: a pump; NEED while a transaction runs is already answered by it (ignored). */
export function pumpedReturnPath(r: StreamReader, onNeed: () => void): ReturnPath {
  const queue: number[] = [];
  let failure: Error | undefined;
  let waiter: (() => void) | undefined;
  const wake = (): void => {
    const w = waiter;
    waiter = undefined;
    w?.();
  };
  void (async () => {
    try {
      for (;;) {
        const v = await readMessage(r, MSG_MAX_BOUNDED);
        if (v === CHECKPOINT_NEED) onNeed();
        else queue.push(v);
        wake();
      }
    } catch (e) {
      failure = e as Error;
      wake();
    }
  })();
  return {
    async expect(want) {
      while (queue.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (waiter = resolve));
      }
      const v = queue.shift()!;
      if (v !== want) throw new ProtocolError(`Unexpected COLO message ${v}, expected ${want}`);
    },
  };
}
