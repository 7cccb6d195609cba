// Shared by the benchmarks (bench/lib/ is not itself a benchmark: `bench` lists bench/*.ts only).

/** `--name N`: a positive number (or >= 0 with `zero`, e.g. a seed or a count that may be none), else one clear error. */
export function numberFlag(args: readonly string[], name: string, fallback: number, o: { zero?: boolean } = {}): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0 || (v === 0 && !o.zero)) throw new Error(`--${name} must be a ${o.zero ? 'number >= 0' : 'positive number'}, got "${args[i + 1]}"`);
  return v;
}
