// Runs one case against real replicas behind the fault network:
//   proxies -> replicas -> workload -> fault schedule -> settle -> liveness probe
//   -> heal, states, stop, remove proxies (always) -> checkers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Toxiproxy } from 'toxiproxy-node-client';
import { axesOf, type Case } from '../../core/model/case.ts';
import type { TimelineEvent } from '../../core/model/events.ts';
import type { Role } from '../../core/model/phases.ts';
import type { CaseResult, CheckpointStat } from '../../core/model/run.ts';
import type { ReplicaState, StartedPair, TargetDriver } from '../../core/model/target.ts';
import { Random } from '../../core/random.ts';
import { CHECKERS, runCheckers, type LivenessProbe } from '../checkers/index.ts';
import { unexplainedStalls } from '../checkers/facts.ts';
import { Workload, type OpRecord } from '../workload/workload.ts';
import { Timeline } from './timeline.ts';
import { proxyPrefix, type Topology } from './topology.ts';
import { startOnFreshPorts, withFinding } from './start.ts';
import { isTargetFinding } from '../../core/start-errors.ts';
import { ScheduleRun } from './schedule.ts';
import { settle, type Settled } from './settle.ts';
import { probeSurvivor } from './probe.ts';
import { inIntendedPhase, landing, whyNotPinned } from './landed.ts';
import type { CaseTiming } from './timing.ts';
import { checkpointsFromEvents } from '../../core/checkpoints.ts';

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

/** After a stopped replica woke: time to act on what waited in its sockets. */
const WAKE_MARGIN_MS = 300;

/** Request rate per client when the target declares none (its caseDefaults.openLoop): one request at a time, 5 ms apart. */
const OPEN_LOOP = { intervalMs: 5, maxInFlight: 1 };

/** What one case run holds between its steps; the tear-down and the checks read what the steps got to. */
interface CaseState {
  timeline: Timeline;
  random: Random;
  tmpDir: string;
  prefix: string;
  topology: Topology | null;
  pair: StartedPair | null;
  workload: Workload | null;
  schedule: ScheduleRun | null;
  settled: Settled | null;
  probe: LivenessProbe | null;
  states: Partial<Record<Role, ReplicaState | null>>;
  stateErrors: Partial<Record<Role, string>>;
  /** Timeline ms at which each replica was asked for its state. */
  stateAskedAt: Partial<Record<Role, number>>;
  pids: number[];
  errors: string[];
  /** What the target showed by failing to start or run (a finding, judged), not a harness error. */
  finding: string | null;
}

export async function runCase(c: Case, env: CaseEnv): Promise<CaseOutcome> {
  const startedAt = new Date();
  const s: CaseState = {
    timeline: new Timeline(), random: new Random(c.seed), tmpDir: await mkdtemp(join(tmpdir(), 'colo-chaos-case-')),
    prefix: proxyPrefix(c),
    topology: null, pair: null, workload: null, schedule: null, settled: null, probe: null, states: {}, stateErrors: {}, stateAskedAt: {}, pids: [], errors: [], finding: null,
  };
  try {
    const pair = await startPair(c, env, s);
    startWorkload(c, env, s, pair);
    await runSchedule(c, env, s, pair);
    await settleAndProbe(c, env, s, pair);
  } catch (e) {
    if (isTargetFinding(e) && !env.signal?.aborted) {
      s.finding = e.message;
      s.timeline.add({ type: 'note', message: `finding: ${e.message}` });
    } else {
      s.errors.push((e as Error).message);
      s.timeline.add({ type: 'note', message: `harness error: ${(e as Error).message}` });
    }
  } finally {
    await tearDown(env, s);
  }
  if (env.signal?.aborted) s.errors.unshift('interrupted');
  return { result: await judge(c, env, s, startedAt), events: s.timeline.events };
}

/**
 * A port taken before the replica bound it: started again on fresh ports (start.ts), each attempt
 * with a fresh timeline, so a failed attempt's exits judge nothing.
 */
async function startPair(c: Case, env: CaseEnv, s: CaseState): Promise<StartedPair> {
  const earlier: string[] = [];
  let attemptTimeline = s.timeline;
  try {
    ({ pair: s.pair, topology: s.topology } = await startOnFreshPorts(env.driver, env.network, s.prefix, (proxies) => {
      const own = new Timeline();
      attemptTimeline = own;
      return env.driver.start({
        caseDir: env.caseDir, seed: c.seed, ...(c.bug ? { bug: c.bug } : {}), failover: c.failover ?? 'auto',
        options: c.options ?? {}, emit: (e) => own.add(e), startTimeoutMs: env.timing.startMs, tmpDir: s.tmpDir,
        ...(env.entry ? { entry: env.entry } : {}),
      }, proxies);
    }, (e, attempt) => {
      if (env.signal?.aborted) return false;
      earlier.push(`start attempt ${attempt} failed (${e.message}); again on fresh ports`);
      return true;
    }, c.options ?? {}));
  } catch (e) {
    // the last attempt's own events (the replicas' errors and exits) are the record of the failure
    for (const message of earlier) attemptTimeline.add({ type: 'note', message });
    throw e;
  } finally {
    s.timeline = attemptTimeline;
  }
  if (earlier.length) s.timeline.add({ type: 'note', message: `started on attempt ${earlier.length + 1}: ${earlier.join('; ')}` });
  for (const r of ['primary', 'secondary'] as const) { const pid = s.pair.pid(r); if (pid) s.pids.push(pid); }
  return s.pair;
}

/** Two open-loop clients, to the secondary once it took over. */
function startWorkload(c: Case, env: CaseEnv, s: CaseState, pair: StartedPair): void {
  const timeline = s.timeline;
  const failedOver = (): boolean => timeline.find((e) => e.type === 'failover' && e.role === 'secondary') !== undefined;
  s.workload = new Workload({
    clients: 2, accounts: Number(c.options?.accounts ?? 64), opTimeoutMs: env.timing.opMs, connectTimeoutMs: 500,
    ...(env.driver.caseDefaults?.openLoop ?? OPEN_LOOP), random: s.random.fork('workload'),
    endpoint: () => { const role: Role = failedOver() ? 'secondary' : 'primary'; return { role, ...pair.clientAddress(role) }; },
    record: (op) => timeline.add({ type: 'op', ...op }),
  });
  s.workload.start();
}

async function runSchedule(c: Case, env: CaseEnv, s: CaseState, pair: StartedPair): Promise<void> {
  const timeline = s.timeline;
  const faultEnv = { pair, network: env.network, proxies: s.topology!.proxies, random: s.random.fork('faults') };
  s.schedule = new ScheduleRun(pair, timeline, faultEnv, env.timing.landMs, env.signal);
  await s.schedule.run(c.faults).catch((e: Error) => {
    // the target hung by itself, or a guest crashed (stock QEMU's secondary), before the fault could
    // land: that is the finding, judge it (liveness / guest-health)
    const stall = unexplainedStalls(timeline.events)[0];
    const crash = timeline.find((x) => x.type === 'guest');
    if ((!stall && !crash) || env.signal?.aborted) throw e;
    const first = stall ? `the ${stall.role} stalled at ${stall.phase} of checkpoint ${stall.checkpoint}` : crash?.type === 'guest' ? `the ${crash.role}'s guest broke (${crash.message})` : '';
    timeline.add({ type: 'note', message: `the faults did not land (${e.message}): ${first} first` });
  });
}

async function settleAndProbe(c: Case, env: CaseEnv, s: CaseState, pair: StartedPair): Promise<void> {
  const { timeline, schedule } = s;
  const t = env.timing;
  const settled = await settle(c, pair, timeline, () => schedule!.active(), t.settleMs, env.signal);
  s.settled = settled;
  timeline.add({ type: 'note', message: `settled: ${settled.how}; survivor ${settled.survivor ?? 'none'}` });
  if (!settled.survivor) return;
  const record = (op: OpRecord): void => { timeline.add({ type: 'op', ...op }); };
  s.probe = await probeSurvivor(settled.survivor, pair.clientAddress(settled.survivor), timeline, settled.from, t.livenessMs, record, env.signal);
  if (s.probe.answeredAt !== null) await sleepUnless(t.tailMs, env.signal);
  await watchWake(s, t, env.signal);
}

/**
 * A replica stopped for a while (a hang) and not fenced wakes when its fault ends: the case goes on,
 * workload running, until then and WAKE_MARGIN_MS after, so what it does on waking is judged (a
 * primary paused past the takeover that releases output as it wakes is a GC pause's split brain;
 * healed at tear-down instead, it woke to closed clients). Bounded by the settle bound.
 */
async function watchWake(s: CaseState, t: CaseTiming, signal?: AbortSignal): Promise<void> {
  const at = s.schedule?.wakeAt() ?? null;
  if (at === null) return;
  const ms = Math.min(at - s.timeline.now(), t.settleMs);
  if (ms > 0) s.timeline.add({ type: 'note', message: `waiting ${ms.toFixed(0)} ms for the stopped replica to wake, then ${WAKE_MARGIN_MS} ms` });
  await sleepUnless(Math.max(0, ms) + WAKE_MARGIN_MS, signal);
}

/** Always, whatever the steps got to: drain, heal, the replicas' states, stop, remove the proxies and the temp dir. */
async function tearDown(env: CaseEnv, s: CaseState): Promise<void> {
  const { pair, timeline, errors } = s;
  const t = env.timing;
  // requests to a replica that can still answer get a drain; to a dead, fenced or replaced one none
  const gone = (r: Role): boolean => !pair?.alive(r) || timeline.find((e) => (e.type === 'fenced' && e.role === r) || (r === 'primary' && e.type === 'failover')) !== undefined;
  await s.workload?.stop(t.drainMs, (r) => !gone(r)).catch(() => undefined);
  await s.schedule?.healAll().catch((e: Error) => errors.push(`heal failed: ${e.message}`));
  if (pair) {
    for (const r of ['primary', 'secondary'] as const) {
      s.stateAskedAt[r] = timeline.now();
      s.states[r] = pair.alive(r) ? await pair.state(r, t.stateMs).catch((e: Error) => {
        s.stateErrors[r] = e.message;
        timeline.add({ type: 'note', message: `the ${r}'s state could not be read: ${e.message}` });
        return null;
      }) : null;
    }
    await pair.stop().catch((e: Error) => errors.push(`stopping the replicas failed: ${e.message}`));
  }
  await s.topology?.remove();
  await rm(s.tmpDir, { recursive: true, force: true });
}

/** The checks over what the case recorded, and its record. */
async function judge(c: Case, env: CaseEnv, s: CaseState, startedAt: Date): Promise<CaseResult> {
  const { settled, errors } = s;
  const events = s.timeline.events;
  // a case whose schedule never finished has no outcome to judge; only what it left behind counts
  const checkers = settled ? CHECKERS : CHECKERS.filter((k) => k.name === 'cleanup');
  const judged = await runCheckers({
    case: c, events, states: s.states, stateErrors: s.stateErrors, stateAskedAt: s.stateAskedAt, survivor: settled?.survivor ?? null, livenessBoundMs: env.timing.livenessMs, probe: s.probe,
    ...(env.driver.responseHash ? { responseHash: (line: string) => env.driver.responseHash!(line) } : {}),
    cleanup: {
      pids: s.pids, proxyNames: s.topology?.networkNames ?? [], tempDirs: [s.tmpDir],
      remainingProxies: async () => Object.keys(await env.network.getAll()),
    },
  }, checkers);
  const checked = s.finding ? withFinding(judged, s.finding) : judged;
  // the fault the case is named after (its axes); a schedule may prepare it with earlier faults
  const axis = c.named ?? 0;
  const named = axesOf(c);
  const first = c.faults[axis];
  const landed = first ? landing(events, axis) : null;
  const landedInPhase = first ? inIntendedPhase(first, landed) : false;
  const whyNot = first && !landedInPhase ? whyNotPinned(events, axis, env.driver.pinning?.bind(env.driver)) : undefined;
  // a case the harness could not finish is unknown, unless it left something behind
  const cleanupFailed = checked.checks.some((k) => k.check === 'cleanup' && k.verdict === 'fail');
  const verdict = errors.length && !cleanupFailed ? 'unknown' : checked.verdict;
  return {
    id: c.id, phase: named.phase, fault: named.fault, role: named.role, seed: c.seed, verdict, violations: checked.violations,
    landed, landedInPhase, ...(whyNot ? { unpinnable: whyNot } : {}), checks: checked.checks,
    durationMs: Date.now() - startedAt.getTime(), startedAt: startedAt.toISOString(),
    checkpoints: checkpointStats(events), case: c, ...(errors.length ? { error: errors.join('; ') } : {}),
  };
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
