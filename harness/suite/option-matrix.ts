// A version matrix from a target's flag (TargetCliOption.matrix): `run --target qemu --qemu A --qemu B`
// runs every case of the suite once per value, each copy a variant ("QEMU 10.0 fixed") with its own
// id suffix, so the report's matrix and summary give each value its own row, side by side, in one run.
import type { Case } from '../../core/model/case.ts';
import type { TargetCliOption } from '../../core/model/target.ts';

export interface MatrixColumn {
  /** The case option the flag sets (qemu) and what the case records for it: an alias or a path. */
  key: string;
  value: string;
  /** "10.0 fixed", "7.2 Debian". */
  label: string;
  /** What a value is, in the variant's words: "QEMU". */
  variant: string;
}

/** Labels for the values (one clear error if one is missing, or two are the same). */
export async function matrixColumns(option: TargetCliOption, values: readonly string[]): Promise<MatrixColumn[]> {
  const m = option.matrix;
  if (!m) throw new Error(`${option.flags} cannot be given several times`);
  const out: MatrixColumn[] = [];
  for (const value of values) {
    const label = await m.label(value);
    if (out.some((c) => c.label === label)) throw new Error(`--${option.key} ${value} is the same as another --${option.key} (${label})`);
    out.push({ key: option.key, value, label, variant: m.variant });
  }
  return out;
}

/** A case id suffix from a label: ("10.0 fixed", "QEMU") -> "q10.0-fixed". */
export function columnSlug(label: string, variant: string): string {
  return `${variant.slice(0, 1).toLowerCase()}${label.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** One copy of the case per column (the case itself when there is no matrix). */
export function perColumn(c: Case, columns: readonly MatrixColumn[] | undefined): Case[] {
  if (!columns?.length) return [c];
  return columns.map((col) => ({
    ...c, id: `${c.id}.${columnSlug(col.label, col.variant)}`,
    variant: c.variant ? `${c.variant}, ${col.variant} ${col.label}` : `${col.variant} ${col.label}`,
    options: { ...c.options, [col.key]: col.value },
  }));
}
