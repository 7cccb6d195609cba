// The run store: runs/<suite>/<timestamp>/ with run.json, cases/<id>/events.jsonl and logs.
// Every file is written atomically (temp file, then rename) so a run killed at any moment
// leaves a readable store of the cases that finished.
import { mkdir, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { RunJson } from '../core/model/run.ts';
import type { TimelineEvent } from '../core/model/events.ts';

let tmpCounter = 0;

/** Write `data` to `path` atomically: a reader sees the old file or the new one, never half. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${tmpCounter++}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export function timestampName(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

export class RunStore {
  constructor(readonly dir: string) {}

  /** Make runs/<suite>/<timestamp>/ and point runs/latest (and runs/<suite>/latest) at it. */
  static async create(root: string, suite: string, now = new Date()): Promise<RunStore> {
    const safeSuite = suite.replace(/[^A-Za-z0-9._-]/g, '_');
    const dir = resolve(root, safeSuite, timestampName(now));
    await mkdir(join(dir, 'cases'), { recursive: true });
    await pointLatest(resolve(root, 'latest'), dir);
    await pointLatest(resolve(root, safeSuite, 'latest'), dir);
    return new RunStore(dir);
  }

  static open(dir: string): RunStore {
    return new RunStore(resolve(dir));
  }

  caseDir(caseId: string): string {
    return join(this.dir, 'cases', caseId);
  }

  async writeRun(run: RunJson): Promise<void> {
    await writeAtomic(join(this.dir, 'run.json'), JSON.stringify(run, null, 2) + '\n');
  }

  async readRun(): Promise<RunJson> {
    const text = await readFile(join(this.dir, 'run.json'), 'utf8');
    return JSON.parse(text) as RunJson;
  }

  /** Write a finished case's timeline (whole file, atomically). */
  async writeEvents(caseId: string, events: readonly TimelineEvent[]): Promise<void> {
    const dir = this.caseDir(caseId);
    await mkdir(dir, { recursive: true });
    await writeAtomic(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''));
  }

  async readEvents(caseId: string): Promise<TimelineEvent[]> {
    let text: string;
    try {
      text = await readFile(join(this.caseDir(caseId), 'events.jsonl'), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as TimelineEvent);
  }

  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    await writeAtomic(join(this.dir, name), data);
  }

  async caseIds(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, 'cases'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return [];
    }
  }
}

async function pointLatest(link: string, target: string): Promise<void> {
  const tmp = `${link}.tmp-${process.pid}`;
  await rm(tmp, { force: true });
  await symlink(relative(resolve(link, '..'), target), tmp);
  await rename(tmp, link);
}
