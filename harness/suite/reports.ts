// Writing the reports (reports/index.ts), loaded lazily; a missing or failing report writer is
// a warning, never a lost run (run.json is already on disk).
export async function loadReports(): Promise<Record<string, unknown>> {
  try {
    return (await import(new URL('../../reports/index.ts', import.meta.url).href)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`the report writers (reports/index.ts) cannot be loaded: ${(e as Error).message}`);
  }
}

export async function writeReportsSafely(runDir: string, warn: (m: string) => void): Promise<void> {
  try {
    const mod = await loadReports();
    if (typeof mod.rebuildReports !== 'function') throw new Error('reports/index.ts exports no rebuildReports');
    await (mod.rebuildReports as (dir: string) => Promise<unknown>)(runDir);
  } catch (e) {
    warn(`reports not written: ${(e as Error).message}`);
  }
}
