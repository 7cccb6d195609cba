// protocol-order: the order of the two replicas' protocol steps, from both sides' events. Each
// rule names the cause it found; a rule whose events the target does not report is skipped (a
// note on the check, never a failure).
import type { CheckResult } from '../../core/model/run.ts';
import type { Checker } from './types.ts';
import type { Rule } from './order/rule.ts';
import { heldOnlyWhenReceived } from './order/held.ts';
import { standaloneOnlyWhenFenced } from './order/standalone.ts';
import { nothingAppliedAfterFailover } from './order/after-failover.ts';
import { changedOnlyByOwnGuest } from './order/own-guest.ts';

export const RULES: ReadonlyArray<{ name: string; rule: Rule }> = [
  { name: 'held only when received', rule: heldOnlyWhenReceived },
  { name: 'standalone only when the secondary is dead or fenced', rule: standaloneOnlyWhenFenced },
  { name: 'nothing applied after failover', rule: nothingAppliedAfterFailover },
  { name: 'survivor changed only by its own guest', rule: changedOnlyByOwnGuest },
];

export const protocolOrder: Checker = {
  name: 'protocol-order',
  check(input): CheckResult {
    const violations: string[] = [];
    const notes: string[] = [];
    for (const { name, rule } of RULES) {
      const r = rule(input);
      violations.push(...r.violations);
      if (r.skipped) notes.push(`${name}: skipped, ${r.skipped}`);
    }
    return { check: 'protocol-order', verdict: violations.length ? 'fail' : 'pass', violations, ...(notes.length ? { notes } : {}) };
  },
};
