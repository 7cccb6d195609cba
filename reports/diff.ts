// What changed between two runs (say last night's and tonight's), case by case, by case id.
import type { CaseResult } from '../core/model/run.ts';
import { loadRun } from './load.ts';

export interface RunDiff {
  /** Fail in B, not fail in A (or not in A at all). */
  newlyFailing: string[];
  /** Fail in A, pass in B. */
  newlyPassing: string[];
  /** Other verdict changes (to or from unknown). */
  otherChanges: Array<{ id: string; a: string; b: string }>;
  /** The fault landed in a different phase/checkpoint (or fired in one run only). */
  landedDifferently: Array<{ id: string; a: string | null; b: string | null }>;
  onlyInA: string[];
  onlyInB: string[];
  /** A run that did not finish (interrupted or killed): its missing cases are no news. */
  partial: { a: boolean; b: boolean };
  text: string;
}

export async function diffRuns(dirA: string, dirB: string): Promise<RunDiff> {
  const [a, b] = await Promise.all([loadRun(dirA), loadRun(dirB)]);
  const inA = new Map(a.run.cases.map((c) => [c.id, c]));
  const inB = new Map(b.run.cases.map((c) => [c.id, c]));
  const both = [...inB.keys()].filter((id) => inA.has(id)).sort();
  const d: Omit<RunDiff, 'text'> = {
    newlyFailing: [], newlyPassing: [], otherChanges: [], landedDifferently: [],
    onlyInA: [...inA.keys()].filter((id) => !inB.has(id)).sort(),
    onlyInB: [...inB.keys()].filter((id) => !inA.has(id)).sort(),
    partial: { a: a.run.partial, b: b.run.partial },
  };
  // a case new in B that fails is a new failure as much as one that passed in A
  for (const id of d.onlyInB) if (inB.get(id)!.verdict === 'fail') d.newlyFailing.push(id);
  for (const id of both) {
    const ca = inA.get(id)!, cb = inB.get(id)!;
    if (cb.verdict === 'fail' && ca.verdict !== 'fail') d.newlyFailing.push(id);
    else if (ca.verdict === 'fail' && cb.verdict === 'pass') d.newlyPassing.push(id);
    else if (ca.verdict !== cb.verdict) d.otherChanges.push({ id, a: ca.verdict, b: cb.verdict });
    const la = landed(ca), lb = landed(cb);
    if (la !== lb) d.landedDifferently.push({ id, a: la, b: lb });
  }
  d.newlyFailing.sort();
  return { ...d, text: diffText(a.dir, b.dir, d, both.length, b.run.cases) };
}

function landed(c: CaseResult): string | null {
  return c.landed ? `${c.landed.phase}#${c.landed.checkpoint}` : null;
}

function diffText(dirA: string, dirB: string, d: Omit<RunDiff, 'text'>, common: number, casesB: readonly CaseResult[]): string {
  const byId = new Map(casesB.map((c) => [c.id, c]));
  const partial = (run: string, dir: string): string => `\n  ${run} is a partial run (it did not finish; cases it lacks were not run): ${dir}`;
  const lines = [`colo-chaos diff\n  A: ${dirA}\n  B: ${dirB}\n  ${common} cases in both${d.partial.a ? partial('A', dirA) : ''}${d.partial.b ? partial('B', dirB) : ''}`];
  const section = (title: string, items: string[]): void => {
    if (items.length) lines.push(`${title} (${items.length}):`, ...items.map((s) => `  ${s}`));
  };
  const onlyB = new Set(d.onlyInB);
  section('newly failing', d.newlyFailing.map((id) => `${id}: ${byId.get(id)?.violations[0]?.message ?? 'fail'}${onlyB.has(id) ? ' (only in B)' : ''}`));
  section('newly passing', d.newlyPassing);
  section('verdict changed', d.otherChanges.map((c) => `${c.id}: ${c.a} -> ${c.b}`));
  section('landed in a different phase', d.landedDifferently.map((c) => `${c.id}: ${c.a ?? 'never fired'} -> ${c.b ?? 'never fired'}`));
  section('only in A', d.onlyInA);
  section('only in B', d.onlyInB);
  if (lines.length === 1) lines.push('no changes');
  return lines.join('\n') + '\n';
}
