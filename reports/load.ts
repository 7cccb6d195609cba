// Reads a run store back: run.json (checked enough to report on) and each case's events.jsonl.
// Works on a killed run too: partial run.json, cases whose events never got written.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TimelineEvent } from '../core/model/events.ts';
import type { RunJson } from '../core/model/run.ts';
import { withEventNumbers } from '../core/checkpoints.ts';
import { RunStore } from './store.ts';

/** A run dir that cannot be reported on; the message says which dir and why. */
export class RunDirError extends Error {
  override name = 'RunDirError';
}

export interface LoadedRun {
  dir: string;
  /** run.json, each case's checkpoint numbers completed from its events (see checkpoints.ts). */
  run: RunJson;
  /** Timeline of every case in run.json; [] where events.jsonl is missing. */
  events: Map<string, TimelineEvent[]>;
  /** Cases in run.json without an events.jsonl. */
  missingEvents: string[];
  /** Lines of events.jsonl that were not JSON (skipped), per case. */
  badLines: Map<string, number>;
  /** Other files of each case (replica logs, ...), names relative to its case dir. */
  caseFiles: Map<string, string[]>;
}

export async function loadRun(dirArg: string): Promise<LoadedRun> {
  const given = resolve(dirArg);
  const info = await stat(given).catch(() => null);
  if (!info) throw new RunDirError(`no such run dir: ${given}`);
  // runs/latest moves on: name the run by its real dir (repro commands stay valid)
  const dir = await realpath(given);
  if (!info.isDirectory()) throw new RunDirError(`not a directory: ${given} (expected a run dir holding run.json)`);
  const run = checkRun(await readRunJson(dir), dir);
  const store = RunStore.open(dir);
  const events = new Map<string, TimelineEvent[]>();
  const missingEvents: string[] = [];
  const badLines = new Map<string, number>();
  const caseFiles = new Map<string, string[]>();
  await Promise.all(run.cases.map(async (c) => {
    const names = await readdir(store.caseDir(c.id)).catch(() => [] as string[]);
    caseFiles.set(c.id, names.filter((n) => n !== 'events.jsonl' && !n.includes('.tmp-')).sort());
    const text = await readFile(join(store.caseDir(c.id), 'events.jsonl'), 'utf8').catch(() => null);
    if (text === null) missingEvents.push(c.id);
    const { parsed, bad } = parseLines(text ?? '');
    events.set(c.id, parsed);
    if (bad) badLines.set(c.id, bad);
  }));
  const cases = run.cases.map((c) => withEventNumbers(c, events.get(c.id) ?? []));
  return { dir, run: { ...run, cases }, events, missingEvents: missingEvents.sort(), badLines, caseFiles };
}

async function readRunJson(dir: string): Promise<unknown> {
  const text = await readFile(join(dir, 'run.json'), 'utf8').catch(() => null);
  if (text === null) throw new RunDirError(`no run.json in ${dir} (is it a colo-chaos run dir? runs/<suite>/<timestamp>/)`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RunDirError(`run.json in ${dir} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Checks the fields the reports rely on; says which one is wrong. */
function checkRun(x: unknown, dir: string): RunJson {
  const bad = (what: string): never => { throw new RunDirError(`run.json in ${dir} is not a colo-chaos run: ${what}`); };
  if (typeof x !== 'object' || x === null) return bad('not an object');
  const r = x as Partial<RunJson>;
  if (r.schema !== 1) bad(`schema is ${JSON.stringify(r.schema)}, expected 1`);
  if (typeof r.suite !== 'string') bad('no suite name');
  if (!Array.isArray(r.cases)) bad('no cases array');
  r.cases!.forEach((c, i) => {
    if (typeof c?.id !== 'string' || !c.id) bad(`case #${i} has no id`);
    if (!['pass', 'fail', 'unknown', 'interrupted'].includes(c.verdict)) bad(`case ${c.id} has verdict ${JSON.stringify(c.verdict)}`);
  });
  return r as RunJson;
}

function parseLines(text: string): { parsed: TimelineEvent[]; bad: number } {
  const parsed: TimelineEvent[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      parsed.push(JSON.parse(line) as TimelineEvent);
    } catch {
      bad++;
    }
  }
  return { parsed, bad };
}
