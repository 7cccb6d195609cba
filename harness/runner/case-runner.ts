// Runs one case against real replicas behind the fault network:
//   proxies -> replicas -> workload -> fault schedule -> settle -> liveness probe
//   -> heal, states, stop, remove proxies (always) -> checkers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { Case } from '../model/case.ts';
import type { TimelineEvent } from '../model/events.ts';
import type { Role } from '../model/phases.ts';
import type { CaseResult, CheckpointStat } from '../model/run.ts';
import type { ReplicaState, StartedPair, TargetDriver } from '../model/target.ts';
import { Random } from '../random.ts';
import { CHECKERS, runCheckers, type LivenessProbe } from '../checkers/index.ts';
import { unexplainedStalls } from '../checkers/facts.ts';
import { Workload } from '../workload/workload.ts';
import { Timeline } from './timeline.ts';
import { proxyPrefix, type Topology } from './topology.ts';
import { isTargetFinding, startOnFreshPorts, withFinding } from './start.ts';
import { ScheduleRun } from './schedule.ts';
import { settle, type Settled } from './settle.ts';
import { probeSurvivor } from './probe.ts';
import { inIntendedPhase, landing, unpinnable } from './landed.ts';
import type { CaseTiming } from './timing.ts';
import { checkpointsFromEvents } from '../../reports/checkpoints.ts';

export interface CaseEnv {
  driver: TargetDriver;
  network: Toxiproxy;
  caseDir: string;
  timing: CaseTiming;
  signal?: AbortSignal;
  /** Prebuilt replica entry for drivers that take one. */
  entry?: string;
}

export interface CaseOutcome {
  result: CaseResult;
  events: TimelineEvent[];
}

/** Request rate per client when the target declares none (its caseDefaults.openLoop): one request at a time, 5 ms apart. */
const OPEN_LOOP = { intervalMs: 5, maxInFlight: 1 };

export async function runCase(c: Case, env: CaseEnv): Promise<CaseOutcome> {
  const startedAt = new Date();
  let timeline = new Timeline();
  const random = new Random(c.seed);
  const t = env.timing;
  const signal = env.signal;
  const tmpDir = await mkdtemp(join(tmpdir(), 'colo-chaos-case-'));
  const prefix = proxyPrefix(c);
  let topology: Topology | null = null;
  let pair: StartedPair | null = null;
  let workload: Workload | null = null;
  let schedule: ScheduleRun | null = null;
  let settled: Settled | null = null;
  let probe: LivenessProbe | null = null;
  const states: Partial<Record<Role, ReplicaState | null>> = {};
  const pids: number[] = [];
  const errors: string[] = [];
  let finding: string | null = null;
  try {
    // a port taken before the replica bound it: started again on fresh ports (start.ts), each
    // attempt with a fresh timeline, so a failed attempt's exits judge nothing
    const earlier: string[] = [];
    let attemptTimeline = timeline;
    try {
      ({ pair, topology } = await startOnFreshPorts(env.driver, env.network, prefix, (proxies) => {
        const own = new Timeline();
        attemptTimeline = own;
        return env.driver.start({
          caseDir: env.caseDir, seed: c.seed, ...(c.bug ? { bug: c.bug } : {}), failover: c.failover ?? 'auto',
          options: c.options ?? {}, emit: (e) => own.add(e), startTimeoutMs: t.startMs, tmpDir, ...(env.entry ? { entry: env.entry } : {}),
        }, proxies);
      }, (e, attempt) => {
        if (signal?.aborted) return false;
        earlier.push(`start attempt ${attempt} failed (${e.message}); again on fresh ports`);
        return true;
      }, c.options ?? {}));
    } catch (e) {
      // the last attempt's own events (the replicas' errors and exits) are the record of the failure
      for (const message of earlier) attemptTimeline.add({ type: 'note', message });
      throw e;
    } finally {
      timeline = attemptTimeline;
    }
    if (earlier.length) timeline.add({ type: 'note', message: `started on attempt ${earlier.length + 1}: ${earlier.join('; ')}` });
    for (const r of ['primary', 'secondary'] as const) { const pid = pair.pid(r); if (pid) pids.push(pid); }
    const started = pair;
    const failedOver = (): boolean => timeline.find((e) => e.type === 'failover' && e.role === 'secondary') !== undefined;
    workload = new Workload({
      clients: 2, accounts: Number(c.options?.accounts ?? 64), opTimeoutMs: t.opMs, connectTimeoutMs: 500, ...(env.driver.caseDefaults?.openLoop ?? OPEN_LOOP),
      random: random.fork('workload'),
      endpoint: () => { const role: Role = failedOver() ? 'secondary' : 'primary'; return { role, ...started.clientAddress(role) }; },
      record: (op) => timeline.add({ type: 'op', ...op }),
    });
    workload.start();
    schedule = new ScheduleRun(pair, timeline, { pair, network: env.network, proxies: topology.proxies, random: random.fork('faults') }, t.landMs, signal);
    await schedule.run(c.faults).catch((e: Error) => {
      // the target hung by itself before the fault could land: that is the finding, judge it
      const stall = unexplainedStalls(timeline.events)[0];
      if (!stall || signal?.aborted) throw e;
      timeline.add({ type: 'note', message: `the faults did not land (${e.message}): the ${stall.role} stalled at ${stall.phase} of checkpoint ${stall.checkpoint} first` });
    });
    const sched = schedule;
    settled = await settle(c, pair, timeline, () => sched.active(), t.settleMs, signal);
    timeline.add({ type: 'note', message: `settled: ${settled.how}; survivor ${settled.survivor ?? 'none'}` });
    if (settled.survivor) {
      probe = await probeSurvivor(settled.survivor, pair.clientAddress(settled.survivor), timeline, settled.from, t.livenessMs, (op) => timeline.add({ type: 'op', ...op }), signal);
      if (probe.answeredAt !== null) await sleepUnless(t.tailMs, signal);
    }
  } catch (e) {
    if (isTargetFinding(e) && !signal?.aborted) {
      finding = e.message;
      timeline.add({ type: 'note', message: `finding: ${e.message}` });
    } else {
      errors.push((e as Error).message);
      timeline.add({ type: 'note', message: `harness error: ${(e as Error).message}` });
    }
  } finally {
    // requests to a replica that can still answer get a drain; to a dead, fenced or replaced one none
    const gone = (r: Role): boolean => !pair?.alive(r) || timeline.find((e) => (e.type === 'fenced' && e.role === r) || (r === 'primary' && e.type === 'failover')) !== undefined;
    await workload?.stop(t.drainMs, (r) => !gone(r)).catch(() => undefined);
    await schedule?.healAll().catch((e: Error) => errors.push(`heal failed: ${e.message}`));
    if (pair) {
      for (const r of ['primary', 'secondary'] as const) {
        states[r] = pair.alive(r) ? await pair.state(r, t.stateMs).catch(() => null) : null;
      }
      await pair.stop().catch((e: Error) => errors.push(`stopping the replicas failed: ${e.message}`));
    }
    await topology?.remove();
    await rm(tmpDir, { recursive: true, force: true });
  }
  if (signal?.aborted) errors.unshift('interrupted');
  const events = timeline.events;
  // a case whose schedule never finished has no outcome to judge; only what it left behind counts
  const checkers = settled ? CHECKERS : CHECKERS.filter((k) => k.name === 'cleanup');
  const judged = await runCheckers({
    case: c, events, states, survivor: settled?.survivor ?? null, livenessBoundMs: t.livenessMs, probe,
    ...(env.driver.responseHash ? { responseHash: (line: string) => env.driver.responseHash!(line) } : {}),
    cleanup: {
      pids, proxyNames: topology?.networkNames ?? [], tempDirs: [tmpDir],
      remainingProxies: async () => Object.keys(await env.network.getAll()),
    },
  }, checkers);
  const checked = finding ? withFinding(judged, finding) : judged;
  // the fault the case is named after (its axes); a schedule may prepare it with earlier faults
  const axis = Math.max(0, c.faults.findIndex((f) => f.kind === c.fault && f.at.phase === c.phase));
  const first = c.faults[axis];
  const landed = first ? landing(events, axis) : null;
  const whyNot = first ? unpinnable(events, axis) : undefined;
  // a case the harness could not finish is unknown, unless it left something behind
  const cleanupFailed = checked.checks.some((k) => k.check === 'cleanup' && k.verdict === 'fail');
  const verdict = errors.length && !cleanupFailed ? 'unknown' : checked.verdict;
  const result: CaseResult = {
    id: c.id, phase: c.phase, fault: c.fault, role: c.role, seed: c.seed, verdict, violations: checked.violations,
    landed, landedInPhase: first ? inIntendedPhase(first, landed) : false, ...(whyNot ? { unpinnable: whyNot } : {}), checks: checked.checks,
    durationMs: Date.now() - startedAt.getTime(), startedAt: startedAt.toISOString(),
    checkpoints: checkpointStats(events), case: c, ...(errors.length ? { error: errors.join('; ') } : {}),
  };
  return { result, events };
}

/** Per checkpoint: bytes and dirty pages as the primary froze it (P5), downtime from its P12 (or the secondary's apply). */
function checkpointStats(events: readonly TimelineEvent[]): CheckpointStat[] {
  return checkpointsFromEvents(events).map(({ n, downtimeMs, bytes, dirtyPages }) => ({ n, downtimeMs, bytes, dirtyPages }));
}

function sleepUnless(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => { clearTimeout(timer); resolve(); };
    // the listener goes with the sleep: one signal shared by many cases must not collect them
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
