// The failure-window matrix: one cell per (role, fault, phase) that holds cases, coloured by
// its worst verdict. Rows are fault kinds per role (a case's variant gets a row of its own, e.g.
// "crash · QEMU alone"), columns the checkpoint phases in order.
import { FAULT_KINDS, type FaultKind } from '../core/model/case.ts';
import { ALL_PHASES, PHASES, type Phase, type Role } from '../core/model/phases.ts';
import type { CaseResult, CaseVerdict } from '../core/model/run.ts';

export interface MatrixCell {
  role: Role;
  fault: FaultKind;
  /** The row: the fault kind, with the case's variant if it has one. */
  row: string;
  phase: Phase;
  /** Case ids, worst verdict first. */
  cases: string[];
  counts: Record<CaseVerdict, number>;
  worst: CaseVerdict;
}

export interface Matrix {
  roles: Role[];
  /** Rows present (fault kinds, `kind · variant` for variants), in FAULT_KINDS order (unknown kinds last). */
  faults: string[];
  phases: readonly Phase[];
  cells: Map<string, MatrixCell>;
}

// an interrupted case found nothing either way: it colours a cell only where nothing else ran
const RANK: Record<CaseVerdict, number> = { fail: 0, unknown: 1, pass: 2, interrupted: 3 };

export function cellKey(role: string, fault: string, phase: string): string {
  return `${role}|${fault}|${phase}`;
}

/** A case's matrix row: its fault kind, and its variant if any. */
export function rowOf(c: CaseResult): string {
  return c.case?.variant ? `${c.fault} · ${c.case.variant}` : c.fault;
}

export function worstVerdict(vs: readonly CaseVerdict[]): CaseVerdict {
  return vs.reduce<CaseVerdict>((w, v) => (RANK[v] < RANK[w] ? v : w), 'interrupted');
}

export function buildMatrix(cases: readonly CaseResult[]): Matrix {
  const cells = new Map<string, MatrixCell>();
  const sorted = [...cases].sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || a.id.localeCompare(b.id));
  for (const c of sorted) {
    const key = cellKey(c.role, rowOf(c), c.phase);
    let cell = cells.get(key);
    if (!cell) {
      cell = { role: c.role, fault: c.fault, row: rowOf(c), phase: c.phase, cases: [], counts: { pass: 0, fail: 0, unknown: 0, interrupted: 0 }, worst: 'interrupted' };
      cells.set(key, cell);
    }
    cell.cases.push(c.id);
    cell.counts[c.verdict]++;
    cell.worst = worstVerdict([cell.worst, c.verdict]);
  }
  const order = (row: string): number => { const i = (FAULT_KINDS as readonly string[]).indexOf(row.split(' · ')[0]!); return i < 0 ? FAULT_KINDS.length : i; };
  const faults = [...new Set(cases.map(rowOf))].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const roles = (['primary', 'secondary'] as const).filter((r) => cases.some((c) => c.role === r));
  // a design phase (cache=bounded) gets a column only when a case sits in it
  const phases = ALL_PHASES.filter((p) => (PHASES as readonly Phase[]).includes(p) || cases.some((c) => c.phase === p));
  return { roles, faults, phases, cells };
}
