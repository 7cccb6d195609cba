// Command-line target options over a case's own (run, repro): a case's variant is defined by its
// options, so an override that would change one of them is refused, never applied silently.
import type { Case } from '../../core/model/case.ts';

export function withTargetOptions(c: Case, overrides: Case['options'] | undefined): Case {
  if (!overrides || !Object.keys(overrides).length) return c;
  for (const [k, v] of Object.entries(overrides)) {
    const own = c.options?.[k];
    if (c.variant && own !== undefined && own !== v) throw new Error(`case ${c.id} (variant "${c.variant}") sets ${k}=${String(own)}; the command line's ${k}=${String(v)} would change what the variant means`);
  }
  return { ...c, options: { ...c.options, ...overrides } };
}
