// Public surface of reports/: the run store, the report writers, and the run diff.
import { join } from 'node:path';
import { reportHtml } from './html/page.ts';
import { junitXml } from './junit.ts';
import { loadRun } from './load.ts';
import { writeAtomic } from './store.ts';
import { summaryMd } from './summary.ts';

export { RunStore, writeAtomic, timestampName } from './store.ts';
export { loadRun, RunDirError, type LoadedRun } from './load.ts';
export { diffRuns, type RunDiff } from './diff.ts';
export { reproCommand } from './words.ts';

export const REPORT_FILES = ['report.html', 'junit.xml', 'summary.md'] as const;

/**
 * Read run.json + cases/*\/events.jsonl and write the three reports into the run dir atomically,
 * returning the files written (the end of a run, `colo-chaos report <run-dir>`). Works on a killed run
 * (partial run.json, cases without events). Throws RunDirError for a missing or invalid dir.
 */
export async function rebuildReports(runDir: string): Promise<{ files: string[] }> {
  const loaded = await loadRun(runDir);
  const { dir, run } = loaded;
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'report.html': await reportHtml(loaded),
    'junit.xml': junitXml(run, dir),
    'summary.md': summaryMd(run, dir, loaded.missingEvents, undefined, loaded.events),
  };
  const files = REPORT_FILES.map((f) => join(dir, f));
  await Promise.all(REPORT_FILES.map((f, i) => writeAtomic(files[i]!, contents[f])));
  return { files };
}
