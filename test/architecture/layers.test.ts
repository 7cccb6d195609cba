// The layering rule (docs/ARCHITECTURE.md): a file imports only from its own folder or from a folder
// of a lower layer, and no file imports itself back through others (no import cycle). Every non-test
// .ts file is read; its relative import specifiers (static, `export ... from`, dynamic `import()`)
// are the edges. Lazy loads by URL (the target registry's drivers) are not imports.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Layer of each folder (or single file), lowest first; the longest matching prefix decides. */
export const LAYERS: Readonly<Record<string, number>> = {
  core: 0,
  faults: 1,
  targets: 2, 'harness/workload': 2, 'harness/checkers': 2,
  'targets/registry.ts': 3,
  'harness/runner': 4, 'harness/network.ts': 4, 'harness/targets.ts': 4,
  reports: 5,
  'harness/suite': 6,
  'harness/explore': 7, 'harness/compare': 7,
  'harness/cli': 8,
  'harness/public.ts': 9, suites: 9, bench: 9,
};

/**
 * Imports of one target's own files from outside targets/ (only the registry, targets/registry.ts,
 * knows targets by name). Known and left: the single-stream design is colo-ref's own. A new one
 * fails the test; one that is gone must come off the list.
 */
const TARGET_KNOWN: readonly string[] = [
  'harness/suite/designs.ts -> targets/colo-ref/wire/single.ts',
];

const SKIP_DIRS = ['node_modules', 'test', 'docs'];

function sourceFiles(dir = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory() && !SKIP_DIRS.includes(e.name) && !e.name.startsWith('.')) out.push(...sourceFiles(rel));
    else if (e.isFile() && e.name.endsWith('.ts') && dir !== '') out.push(rel);
  }
  return out;
}

const SPECIFIER = new RegExp([
  String.raw`\bfrom\s+['"](\.\.?\/[^'"]+)['"]`,
  String.raw`\bimport\s*\(\s*['"](\.\.?\/[^'"]+)['"]\s*\)`,
  String.raw`^import\s+['"](\.\.?\/[^'"]+)['"]`,
].join('|'), 'gm');

export function importsOf(file: string, src = readFileSync(join(ROOT, file), 'utf8')): string[] {
  return [...src.matchAll(SPECIFIER)].map((m) => normalize(join(dirname(file), m[1] ?? m[2] ?? m[3]!)));
}

/** The folder a file belongs to for the rule (a target's folder: targets/<name>), and its layer. */
export function unitOf(file: string): { unit: string; layer: number } | undefined {
  const key = Object.keys(LAYERS)
    .filter((k) => file === k || file.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (key === undefined) return undefined;
  const unit = key === 'targets' ? file.split('/').slice(0, 2).join('/') : key;
  return { unit, layer: LAYERS[key]! };
}

/** The imports that break the rule: to a file in no layer, or to another folder not below. */
export function badImports(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const bad: string[] = [];
  for (const [from, tos] of edges) {
    const a = unitOf(from);
    if (!a) continue;
    for (const to of tos) {
      const b = unitOf(to);
      if (!b) bad.push(`${from} -> ${to} (not in a layer)`);
      else if (b.unit !== a.unit && b.layer >= a.layer) {
        bad.push(`${from} (${a.unit}, layer ${a.layer}) -> ${to} (${b.unit}, layer ${b.layer})`);
      }
    }
  }
  return bad;
}

/** Every import cycle between files, each as the path that closes it. */
export function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    path.push(f);
    for (const to of edges.get(f) ?? []) {
      if (state.get(to) === 'open') cycles.push([...path.slice(path.indexOf(to)), to].join(' -> '));
      else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of edges.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

const files = sourceFiles();
const edges = new Map(files.map((f) => [f, importsOf(f)]));

test('every source file is in a layer', () => {
  expect(files.length).toBeGreaterThan(100);
  expect(files.filter((f) => !unitOf(f))).toEqual([]);
});

test('no upward or sideways import: only the own folder or a lower layer', () => {
  expect(badImports(edges)).toEqual([]);
});

test('no import cycle between files', () => {
  expect(cyclesOf(edges)).toEqual([]);
});

test("a target's files are imported only by its own folder, the suites and the benches", () => {
  const found: string[] = [];
  for (const [from, tos] of edges) {
    if (/^(targets|suites|bench)\//.test(from)) continue;
    for (const to of tos) if (to.startsWith('targets/') && to !== 'targets/registry.ts') found.push(`${from} -> ${to}`);
  }
  expect(found.filter((e) => !TARGET_KNOWN.includes(e))).toEqual([]);
  // a known exception that is gone comes off the list
  expect(TARGET_KNOWN.filter((e) => !found.includes(e))).toEqual([]);
});

test('the rule catches what it is for: an upward import, a sideways import, a cycle, a file in no layer', () => {
  const planted = new Map<string, string[]>([
    ['core/random.ts', importsOf('core/random.ts', "import { x } from '../harness/runner/start.ts';")],
    ['harness/explore/a.ts', importsOf('harness/explore/a.ts', "import { y } from '../compare/b.ts';")],
    ['faults/a.ts', ['faults/b.ts']], ['faults/b.ts', ['faults/a.ts']],
    ['harness/runner/c.ts', ['elsewhere/d.ts']],
  ]);
  expect(badImports(planted)).toEqual([
    'core/random.ts (core, layer 0) -> harness/runner/start.ts (harness/runner, layer 4)',
    'harness/explore/a.ts (harness/explore, layer 7) -> harness/compare/b.ts (harness/compare, layer 7)',
    'harness/runner/c.ts -> elsewhere/d.ts (not in a layer)',
  ]);
  expect(cyclesOf(planted)).toEqual(['faults/a.ts -> faults/b.ts -> faults/a.ts']);
  expect(unitOf('elsewhere/d.ts')).toBeUndefined();
});
