// Durations on the command line: 500ms, 90s, 10m, 2h, or a bare number of seconds.
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!);
}
