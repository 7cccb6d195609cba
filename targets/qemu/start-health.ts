// A guest that crashed while the pair came up is a bad start, not the case's finding: QEMU 7.2's
// secondary guest panics right after the initial sync in about 1 start of 180 (README). The start is
// tried again on fresh ports (harness/runner/start.ts) and the case record keeps these words in its
// "started on attempt" note; if every attempt crashes, that is the finding (the case fails in these
// words, like a QEMU that never enters COLO). A crash after the pair is up is guest-health's finding.
import type { GuestWatch } from './guest-watch.ts';
import { startAgainError } from '../../core/start-errors.ts';

/** How long the secondary's guest runs after COLO started before the case begins (its panic shows at once). */
export const START_WINDOW_MS = 300;

/** The start error for what the watch saw while the pair came up, or null when both guests were fine. */
export function startCrash(watch: GuestWatch): Error | null {
  watch.scan('primary');
  watch.scan('secondary');
  const e = watch.seen[0];
  return e ? startAgainError(`the ${e.role}'s guest crashed while the pair came up, before the case began: ${e.message}`, true) : null;
}

/** Let the secondary's guest run a moment after COLO started; throws startCrash's error if either guest crashed. */
export async function guestsUpHealthy(watch: GuestWatch, windowMs = START_WINDOW_MS): Promise<void> {
  await new Promise((r) => setTimeout(r, windowMs));
  const e = startCrash(watch);
  if (e) throw e;
}
