// The QEMU version matrix: `run --target qemu --qemu A --qemu B ...` runs every case of the suite once
// per QEMU, each copy a variant ("QEMU 10.0 fixed") with its own id suffix, so the report's matrix and
// summary give each version its own row, side by side, in one run.
import type { Case } from '../model/case.ts';

export interface QemuColumn {
  /** What the case records as its `qemu` option: an alias (fixed, stock, newer, newer-debian) or a path. */
  qemu: string;
  /** "10.0 fixed", "7.2 Debian". */
  label: string;
}

/** Labels for the named builds (one clear error if one is missing); the target module is loaded only here. */
export async function qemuColumns(list: readonly string[]): Promise<QemuColumn[]> {
  const { qemuLabel } = (await import(new URL('../../targets/qemu/versions.ts', import.meta.url).href)) as typeof import('../../targets/qemu/versions.ts');
  const out: QemuColumn[] = [];
  for (const qemu of list) {
    const label = await qemuLabel(qemu);
    if (out.some((c) => c.label === label)) throw new Error(`--qemu ${qemu} is the same build as another --qemu (${label})`);
    out.push({ qemu, label });
  }
  return out;
}

/** A case id suffix from a label: "10.0 fixed" -> "q10.0-fixed". */
export function columnSlug(label: string): string {
  return `q${label.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** One copy of the case per QEMU (the case itself when there is no matrix). */
export function perQemu(c: Case, columns: readonly QemuColumn[] | undefined): Case[] {
  if (!columns?.length) return [c];
  return columns.map((col) => ({
    ...c, id: `${c.id}.${columnSlug(col.label)}`,
    variant: c.variant ? `${c.variant}, QEMU ${col.label}` : `QEMU ${col.label}`,
    options: { ...c.options, qemu: col.qemu },
  }));
}
