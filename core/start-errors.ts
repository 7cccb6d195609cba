// The errors a driver throws when its start went wrong: the target's own finding, or a rare chance
// worth a fresh start (harness/runner/start.ts judges and retries them).

/**
 * The target itself failed to start replicating, with no fault injected (QEMU never entered COLO, or
 * hung on the way): a finding about the target, judged fail in plain words, not a harness error.
 */
export class TargetFinding extends Error {
  readonly finding = true;
}

export function isTargetFinding(e: unknown): e is TargetFinding {
  return (e as TargetFinding | null)?.finding === true;
}

/**
 * The error a driver throws when the start went wrong by a rare chance of the target's own that a
 * fresh start need not repeat (QEMU 7.2: a secondary guest that panics right after the initial sync).
 * With `finding`, a start that goes wrong so every time is a TargetFinding (the case fails in its words).
 */
export function startAgainError(detail: string, finding = false): Error {
  return Object.assign(finding ? new TargetFinding(detail) : new Error(detail), { startAgain: true });
}
