// The CLI's one error type: ExitError carries its exit code; the boundary in main.ts maps
// everything else to "message + exit 2".
export class ExitError extends Error {
  constructor(readonly code: number, message = '') {
    super(message);
  }
}

/** Exit codes: 0 every case passed, 1 a case failed, 2 error or unknown, 130 interrupted. */
export const EXIT = { pass: 0, fail: 1, error: 2, interrupted: 130 } as const;
