// The plain-words pieces every report shares: what a case did, what went wrong, how to rerun it.
import type { FaultSpec } from '../core/model/case.ts';
import { PHASE_NAMES, type Phase } from '../core/model/phases.ts';
import type { CaseResult, CheckName, RunJson } from '../core/model/run.ts';

const CHECK_WORDS: Record<CheckName, string> = {
  'consistent-resume': 'The survivor did not resume from a whole checkpoint',
  'replica-state': 'The secondary does not hold the state the primary checkpointed',
  'protocol-order': 'The replicas took a protocol step out of order',
  'output-commit': 'Output escaped to a client before the state behind it was replicated',
  liveness: 'The survivor did not serve clients again in time',
  'split-brain': 'Both replicas released output to clients',
  cleanup: 'The case left something behind',
  'guest-health': 'A guest kernel panicked or reset, or the replicas\' guest state diverged',
};

export function phaseLabel(p: Phase | string): string {
  const name = (PHASE_NAMES as Record<string, string>)[p];
  return name ? `${p} (${name})` : p;
}

/** "crash of the primary at P6 (p.ram-sending), checkpoint 2" */
export function faultWords(f: FaultSpec): string {
  const where = f.link ? ` on the ${f.link} link${f.direction ? ` (${f.direction})` : ''}` : f.role ? ` of the ${f.role}` : '';
  const bytes = f.at.bytes !== undefined ? ` after ${f.at.bytes} bytes` : '';
  return `${f.kind}${where} at ${phaseLabel(f.at.phase)}${bytes}, checkpoint ${f.at.checkpoint}`;
}

/** The case's whole schedule in words, or its matrix axes when it has none. */
export function caseFaultWords(c: CaseResult): string {
  const faults = c.case?.faults ?? [];
  return faults.length ? faults.map(faultWords).join('; then ') : `${c.fault} of the ${c.role} at ${phaseLabel(c.phase)}`;
}

export function landedWords(c: CaseResult): string {
  if (!c.landed) return 'the fault never fired';
  const at = `${c.landed.phase} of checkpoint ${c.landed.checkpoint}`;
  if (c.landedInPhase) return `landed in ${at}, as intended`;
  return c.unpinnable ? `landed in ${at}: ${c.phase} cannot be pinned here (${c.unpinnable})` : `landed in ${at}, not in ${c.phase} as intended`;
}

/** One sentence per violation, headed by what the check means. */
export function violationWords(c: CaseResult): string[] {
  const out = c.violations.map((v) => `${CHECK_WORDS[v.check] ?? v.check}: ${v.message}`);
  if (c.error) out.push(`The harness could not finish the case: ${c.error}`);
  if (!out.length && c.verdict === 'unknown') out.push('The checks could not decide (see the case timeline).');
  return out;
}

export function reproCommand(runDir: string, caseId: string): string {
  return `npx colo-chaos repro ${shellQuote(runDir)} ${shellQuote(caseId)}`;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A reference pair's build as the run recorded it: versions[target], present only for a target
 * whose driver declares a reference (harness/suite/versions.ts); colo-ref is the built-in one.
 */
export function referenceBuild(versions: Record<string, string> | undefined, target = 'colo-ref'): 'reference' | 'changed' | 'unknown' {
  const v = versions?.[target] ?? '';
  if (/^git:[0-9a-f]+$/.test(v)) return 'reference';
  return v.startsWith('git:') ? 'changed' : 'unknown';
}

/**
 * The unmodified reference pair (the committed tree of a target that declares itself a reference,
 * targets/colo-ref, with no local changes) with no bug planted: a failure there points at the
 * harness (or a real bug of the pair). Any other target, e.g. QEMU or a changed colo-ref, is what
 * a failure is a finding about.
 */
export function cleanReferencePair(c: { target: string; bug?: string | undefined }, versions: Record<string, string> | undefined): boolean {
  return !c.bug && referenceBuild(versions, c.target) === 'reference';
}

export function possibleHarnessBug(run: RunJson, c: CaseResult): boolean {
  return c.verdict === 'fail' && !run.bug && cleanReferencePair({ target: run.target, bug: c.case?.bug }, run.versions);
}

/** What the run's target was, in words: failures on anything but the clean reference pair point at it. */
export function pairWords(run: RunJson): string {
  if (run.bug) return `planted bug \`${run.bug}\``;
  // no reference build recorded: the target is not a reference pair
  if (run.versions?.[run.target] === undefined) return 'no planted bug';
  const build = referenceBuild(run.versions, run.target);
  if (build === 'reference') return 'clean reference pair';
  // a built-in target's tree is targets/<name>; a driver given by path is the target itself
  const tree = /[\\/]/.test(run.target) ? 'its tree' : `targets/${run.target}`;
  return build === 'changed'
    ? `${run.target} with local changes to ${tree} (failures point at those changes, not at the harness)`
    : `${run.target} of an unknown build (failures point at the target)`;
}

export function reproductionWords(c: CaseResult): string | null {
  const r = c.reproduction;
  if (!r || r.runs <= 0) return null;
  return `failed ${r.failures} of ${r.runs} runs (${Math.round((100 * r.failures) / r.runs)}%)`;
}

export function ms(n: number): string {
  if (n >= 60_000) return `${Math.floor(n / 60_000)}m${String(Math.round((n % 60_000) / 1000)).padStart(2, '0')}s`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)} s`;
  return `${n < 1 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n)} ms`;
}

export function bytesWords(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** A target's view of a replica in one line: "status running, colo-mode none, colo-reason request". */
export function viewWords(view: Readonly<Record<string, string | number | null>>): string {
  return Object.entries(view).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join(', ');
}

/** Counts of a run, the later fields filled for stores written before they existed. */
export function runCounts(run: RunJson): Required<RunJson['summary']> {
  const s = run.summary;
  return {
    pass: s.pass, fail: s.fail, unknown: s.unknown,
    interrupted: s.interrupted ?? run.cases.filter((c) => c.verdict === 'interrupted').length,
    skipped: s.skipped ?? run.skipped?.length ?? 0,
  };
}

/**
 * The run's outcome in one word for headlines: never PASS for a run that did not finish
 * (INTERRUPTED: stopped by Ctrl-C; INCOMPLETE: killed, or still going).
 */
export function runHeadline(run: RunJson): string {
  const s = runCounts(run);
  const stopped = run.partial || s.interrupted > 0;
  const base = s.fail ? 'FAIL' : s.unknown ? 'UNKNOWN' : stopped ? (run.finishedAt ? 'INTERRUPTED' : 'INCOMPLETE') : 'PASS';
  return stopped && (s.fail || s.unknown) ? `${base} (partial run)` : base;
}

/** "2 interrupted, 40 not run (time budget)", or '' when every selected case ran to a verdict. */
export function notRunWords(run: RunJson): string {
  const s = runCounts(run);
  const why = [...new Set((run.skipped ?? []).map((k) => (k.reason === 'time-budget' ? 'time budget' : 'interrupted')))];
  return [
    s.interrupted ? `${s.interrupted} interrupted` : '',
    s.skipped ? `${s.skipped} not run${why.length ? ` (${why.join(', ')})` : ''}` : '',
  ].filter(Boolean).join(', ');
}
