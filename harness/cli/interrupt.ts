// SIGINT / SIGTERM -> abort the run (the current case heals and reaps, run.json is written),
// then exit 130 (SIGINT) or 2 (SIGTERM).
import { EXIT } from './errors.ts';

export interface Interrupt {
  signal: AbortSignal;
  /** Exit code if interrupted, else null. */
  code(): number | null;
  dispose(): void;
}

export function onInterrupt(log: (m: string) => void): Interrupt {
  const ac = new AbortController();
  let code: number | null = null;
  const handler = (sig: NodeJS.Signals): void => {
    if (code !== null) return;
    code = sig === 'SIGINT' ? EXIT.interrupted : EXIT.error;
    log(`\n${sig}: stopping the current case, healing and reaping (send again after it finished to force)`);
    ac.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: ac.signal,
    code: () => code,
    dispose: () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); },
  };
}
