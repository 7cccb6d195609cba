// Percentiles of a sample (the benches, the design comparison).

/** The p-th percentile (nearest rank below), NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);
