// The colo-ref TargetDriver: starts both replicas (own process groups), runs the control
// listener, turns control messages into TargetEvents and StartedPair calls. Every wait is bounded.
import type { LinkProxy, ReplicaState, StartedPair, TargetContext, TargetDriver, TargetEvent } from '../../core/model/target.ts';
import type { Phase, Role } from '../../core/model/phases.ts';
import { ControlServer } from './driver/control-server.ts';
import { Replica } from './driver/replica.ts';
import { heartbeatTimeoutMs, proxiesOf, replicaArgs } from './driver/args.ts';
import { checkOptions, optionDefaults } from './driver/preflight.ts';
import { CASE_DEFAULTS, COLO_REF_LINKS, coloRefTiming } from './driver/declared.ts';
import { BUGS } from './bugs.ts';
import { responseHash } from './guest/digest.ts';
import { signalGroup } from '../../faults/process.ts';

const ROLES: Role[] = ['secondary', 'primary'];
const REQUEST_MS = 10_000;

/** A control message -> a TargetEvent (unknown or malformed ones are dropped). */
export function toEvent(role: Role, m: Record<string, unknown>): TargetEvent | undefined {
  const num = (k: string) => (typeof m[k] === 'number' ? { [k]: m[k] as number } : {});
  const at = typeof m.t === 'number' ? { at: m.t } : {};
  switch (m.type) {
    case 'phase':
      return { type: 'phase', role, phase: m.phase as Phase, checkpoint: m.checkpoint as number, ...num('bytes'), ...num('downtimeMs'), ...at };
    case 'paused':
      return { type: 'paused', role, phase: m.phase as Phase, checkpoint: m.checkpoint as number };
    case 'checkpoint':
      return { type: 'checkpoint', role, n: m.n as number, digest: String(m.digest), ...num('bytes'), ...num('dirtyPages'), ...num('downtimeMs') };
    case 'held':
      return { type: 'held', role, seq: m.seq as number, reason: String(m.reason) };
    case 'release':
      return { type: 'release', role, seqs: m.seqs as number[], reason: String(m.reason), ...at };
    case 'failover':
      return { type: 'failover', role, resumedFrom: m.resumedFrom as number, digest: String(m.digest), ...num('lastSeq'), ...at };
    case 'standalone':
      return { type: 'standalone', role, reason: String(m.reason), ...num('lastSeq'), ...at };
    case 'fenced':
      return { type: 'fenced', role, reason: String(m.reason), ...at };
    case 'received':
      return {
        type: 'received', role, checkpoint: m.checkpoint as number, ramEof: m.ramEof === true,
        deviceBytes: Number(m.deviceBytes), deviceTotal: Number(m.deviceTotal), ...at,
      };
    case 'error':
      return { type: 'error', role, message: String(m.message) };
    default:
      return undefined;
  }
}

/** Wait for `cond` (re-checked on every event), failing early if a replica exits. */
function until(what: string, ms: number, reps: Map<Role, Replica>, subscribe: (f: () => void) => () => void, cond: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const done = (err?: Error) => {
      clearTimeout(timer);
      unsub();
      err ? reject(err) : resolve();
    };
    const tails = () => [...reps.values()].map((r) => `${r.role} ${r.exit ? `exited ${r.exit.code ?? r.exit.signal}` : 'running'}; stderr tail: ${r.stderrTail()}`).join('; ');
    const timer = setTimeout(() => done(new Error(`${what} within ${ms} ms; ${tails()}`)), ms);
    const check = () => {
      if (cond()) return done();
      const dead = [...reps.values()].find((r) => !r.alive);
      if (dead) done(new Error(`${what}: ${dead.role} exited first; ${tails()}`));
    };
    unsub = subscribe(check);
    for (const r of reps.values()) void r.exited.then(check);
    check();
  });
}

/** A started colo-ref pair: the StartedPair contract plus raw control requests (bench, tests). */
export interface ColoRefPair extends StartedPair {
  request(role: Role, msg: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
}

export const coloRefDriver: TargetDriver = {
  name: 'colo-ref',
  proxies: (options) => proxiesOf(options),
  start: (ctx, proxies) => startColoRef(ctx, proxies),
  preflight: (options, failover) => checkOptions(options, failover),
  responseHash,
  bugs: BUGS,
  // the reference pair: a failure of its committed tree with no bug planted is an alarm about the harness
  reference: { dir: 'targets/colo-ref' },
  space: (options) => ({ timing: coloRefTiming(options), links: COLO_REF_LINKS }),
  caseDefaults: CASE_DEFAULTS,
  optionDefaults,
  bundleEntry: new URL('./main.ts', import.meta.url).href,
};

export async function startColoRef(ctx: TargetContext, proxies: ReadonlyMap<string, LinkProxy>): Promise<ColoRefPair> {
  const listeners = new Set<() => void>();
  const synced = new Set<Role>();
  const control = await ControlServer.start((role, m) => {
    const ev = toEvent(role, m);
    if (ev?.type === 'checkpoint' && ev.n === 0) synced.add(role);
    if (ev) ctx.emit(ev);
    for (const l of listeners) l();
  });
  const subscribe = (f: () => void) => {
    listeners.add(f);
    return () => listeners.delete(f);
  };
  const reps = new Map<Role, Replica>();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all([...reps.values()].map((r) => r.stop()));
      control.close();
    })());
  try {
    // The secondary first: its hello means its listeners are open, so the primary's connects
    // (through proxies that accept before they reach the upstream) find them.
    for (const role of ROLES) {
      const r = new Replica(role, replicaArgs(role, control.address, ctx, proxies), ctx.caseDir, ctx.entry);
      reps.set(role, r);
      void r.exited.then((x) => {
        if (!stopping) ctx.emit({ type: 'exit', role, code: x.code, signal: x.signal });
        for (const l of listeners) l();
      });
      await until(`${role} did not say hello`, ctx.startTimeoutMs, reps, subscribe, () => control.connected(role));
    }
    await until('the initial sync (checkpoint 0) did not finish on both replicas', ctx.startTimeoutMs, reps, subscribe, () => synced.size === 2);
  } catch (e) {
    await stop();
    throw e;
  }
  const ask = (role: Role, msg: Record<string, unknown>, ms = REQUEST_MS) => control.request(role, msg, ms);
  return {
    capabilities: { breakpoints: true, autoFailover: ctx.failover === 'auto', failoverTimeoutMs: heartbeatTimeoutMs(ctx.options) },
    clientAddress(role) {
      const a = proxies.get(`client-${role}`)!.listen;
      return { host: a.slice(0, a.lastIndexOf(':')), port: Number(a.slice(a.lastIndexOf(':') + 1)) };
    },
    pid: (role) => reps.get(role)?.pid,
    signal: (role, sig) => { const pid = reps.get(role)?.pid; return pid !== undefined && signalGroup(pid, sig); },
    alive: (role) => reps.get(role)?.alive ?? false,
    arm: async (role, phase, checkpoint, bytes) => void (await ask(role, { type: 'arm', phase, checkpoint, ...(bytes === undefined ? {} : { bytes }) })),
    continue: async (role) => void (await ask(role, { type: 'continue' })),
    state: async (role, ms) => (await ask(role, { type: 'state' }, ms)) as ReplicaState,
    failover: async (role) => void (await ask(role, { type: 'failover' })),
    checkpointNow: async () => void (await ask('primary', { type: 'checkpoint-now' })),
    request: ask,
    stop,
  };
}
