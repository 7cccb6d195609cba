// The real-QEMU target: a diskless COLO pair (-M pc, TCG) with every link between the two QEMUs
// on the fault network, driven over QMP; phases from the checkpoint stream, QMP and traces.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LinkProxy, TargetContext, TargetDriver } from '../../core/model/target.ts';
import type { Role } from '../../core/model/phases.ts';
import { primaryArgs, primaryDiskArgs, secondaryArgs, secondaryDiskArgs, type CommonArgs } from './cmdline.ts';
import { makeImages, startReplication } from './disk.ts';
import { ColoStreamDecoder } from './colo-stream.ts';
import { buildGuest } from './guest/build.ts';
import { responseHash } from './guest-state.ts';
import { resolveOptions } from './options.ts';
import { QemuPair } from './pair.ts';
import type { PairParts } from './parts.ts';
import { PhaseTracker } from './phase-map.ts';
import { QmpClient } from './qmp.ts';
import { Replica } from './replica.ts';
import { cacheRoot, SetupError, STOCK_QEMU } from './paths.ts';
import { isPortTaken, pickPort, PortTakenError } from '../../core/ports.ts';
import { TargetFinding } from '../../core/start-errors.ts';
import { within } from '../../core/within.ts';
import { startTap, type Tap } from './tap.ts';
import { memo } from './once.ts';
import { holdPort, type PortHold } from './port-hold.ts';
import { Breakpoints, type Proc } from './breakpoints.ts';
import { procState } from './proc-state.ts';
import { lastFaultSignal } from '../../faults/process.ts';
import { StreamRecorder } from './stream-record.ts';
import { recordViews } from './view.ts';
import { LoadGate } from './load-gate.ts';
import { waitColo, waitFile, waitReady } from './startup.ts';
import { QEMU_CASE_DEFAULTS, QEMU_CLI_OPTIONS, QEMU_LINKS, qemuPinning, qemuTiming } from './declared.ts';
import { QEMU_DEFAULTS } from './defaults.ts';
import { GuestWatch, lastHeld } from './guest-watch.ts';
import { guestsUpHealthy, startCrash } from './start-health.ts';

const HOST = '127.0.0.1';
// how often both serial consoles are read for kernel trouble (guest-watch.ts)
const GUEST_POLL_MS = 250;
// the runner's start bound is sized for colo-ref; two TCG guests booting and the first COLO sync
// take 3-6 s here and over 20 s on a loaded machine
const MIN_START_MS = 30_000;
const t0 = Date.now();
const debug = (m: string): void => { if (process.env.COLO_QEMU_DEBUG) console.error(`[qemu ${Date.now() - t0} ms] ${m}`); };

/** The links between the two QEMUs; the side that listens uses `upstream`, the other `listen`. */
const PROXIES = [
  { name: 'client-primary', link: 'client', role: 'primary' }, // primary's hostfwd listens
  { name: 'client-secondary', link: 'client', role: 'secondary' }, // secondary's hostfwd (after failover)
  { name: 'checkpoint', link: 'checkpoint' }, // secondary -incoming listens (behind a tap), primary migrates
  { name: 'mirror', link: 'mirror' }, // primary's mirror0 chardev is the server, secondary's red0 connects
  { name: 'svm-out', link: 'svm-out' }, // primary's compare1 chardev is the server, secondary's red1 connects
  // with disks: the secondary's NBD server listens, the primary's replication child connects;
  // on the checkpoint link, so a checkpoint-link fault cuts the whole replication stream
  { name: 'nbd', link: 'checkpoint' },
] as const;

function port(addr: string): number {
  return Number(addr.slice(addr.lastIndexOf(':') + 1));
}

function need(proxies: ReadonlyMap<string, LinkProxy>, name: string): LinkProxy {
  const p = proxies.get(name);
  if (!p) throw new Error(`the runner created no proxy named ${name}`);
  return p;
}

function qemuMajor(binary: string): Promise<number> {
  return memo(`major:${binary}`, async () => {
    const r = await execa(binary, ['--version'], { reject: false, timeout: 10_000 });
    const m = /version (\d+)\./.exec(r.stdout ?? '');
    if (!m) throw new SetupError(`QEMU missing or broken: ${binary} --version said: ${(r.stderr || r.stdout || String(r.exitCode)).split('\n')[0]}`);
    return Number(m[1]);
  });
}

function guestOnce(): ReturnType<typeof buildGuest> {
  return memo(`guest:${cacheRoot()}`, () => buildGuest());
}

/** QEMU's words for a port taken (slirp's hostfwd says only "Could not set up host forwarding rule": on 127.0.0.1 that is one). */
const PORT_TAKEN = /Address already in use|Could not set up host forwarding rule/i;

/** Signals a QEMU dies of by itself (the harness stops replicas with SIGTERM/SIGKILL). */
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE']);

/**
 * Why a QEMU died at start; a port taken between pick and bind is retried on fresh ports (start.ts);
 * a QEMU that crashed by itself (an assertion, a segfault) is a finding about that QEMU.
 */
function startFailure(role: Role, r: Replica, detail: string): Error {
  const tail = r.stderrTail() || detail;
  if (PORT_TAKEN.test(tail)) return new PortTakenError(`the ${role} QEMU could not bind a port: ${tail}`);
  const sig = r.ended?.signal;
  if (sig && CRASH_SIGNALS.has(sig)) return new TargetFinding(`this QEMU crashed entering COLO: the ${role} QEMU died of ${sig} with no fault injected: ${tail}`);
  return new SetupError(`the ${role} QEMU exited at start: ${tail}`);
}

/** What the breakpoints must reach once the replicas run (none while the pair is being spawned). */
interface Live {
  replicas: Partial<Record<Role, Replica>>;
  qmp: PairParts['qmp'] | null;
}

/**
 * The pair's observation: the checkpoint stream's taps and decoders feeding the phase tracker, and
 * the breakpoints on them (each pause first records QEMU's own view of both sides).
 */
function observe(emit: TargetContext['emit'], live: Live, gateDir: string) {
  const taps: Tap[] = [];
  const sizes = { primary: 0, secondary: 0 };
  let breakpoints: Breakpoints | null = null;
  const tracker = new PhaseTracker((e) => { emit(e); breakpoints?.onEvent(e); });
  const decoder = (role: Role): ColoStreamDecoder => new ColoStreamDecoder((e) => {
    if (e.kind === 'size') sizes[role] = e.size;
    if (role === 'primary') tracker.primaryStream(e);
    else tracker.secondaryStream(e);
  });
  const [pDecoder, sDecoder] = [decoder('primary'), decoder('secondary')];
  const since = Date.now();
  breakpoints = new Breakpoints({
    primary: { decoder: pDecoder, tap: () => taps[0], blobSize: () => sizes.primary },
    secondary: { decoder: sDecoder, tap: () => taps[1], blobSize: () => sizes.secondary },
  }, (e) => {
    if (e.type !== 'paused' || !live.qmp) return emit(e);
    void recordViews(`at the ${e.phase} breakpoint`, live.qmp, (r) => live.replicas[r]?.alive ?? false, emit).finally(() => emit(e));
  }, { primary: replicaProc(() => live.replicas.primary, since), secondary: replicaProc(() => live.replicas.secondary, since) },
  new LoadGate(() => live.qmp?.secondary, gateDir));
  breakpoints.secondaryPhase = () => tracker.last.secondary?.phase;
  return { taps, tracker, breakpoints, pDecoder, sDecoder };
}

export async function startPair(ctx: TargetContext, proxies: ReadonlyMap<string, LinkProxy>): Promise<QemuPair> {
  const opts = await resolveOptions(ctx.options, ctx.failover);
  const major = await qemuMajor(opts.qemu);
  const guest = await guestOnce();
  const dir = ctx.caseDir;
  await mkdir(dir, { recursive: true });
  const sock = ctx.tmpDir ?? dir;
  const cp = need(proxies, 'checkpoint');
  const live: Live = { replicas: {}, qmp: null };
  const { taps, tracker, breakpoints, pDecoder, sDecoder } = observe(ctx.emit, live, ctx.tmpDir ?? dir);
  const recorder = opts.recordStream ? new StreamRecorder() : null;
  const [incoming, compareIn, compareOut] = [await pickPort(), await pickPort(), await pickPort()];
  const common = (role: Role): CommonArgs => ({
    kernel: guest.kernel, initrd: guest.initrd, accounts: opts.accounts, memMb: opts.memMb,
    qmpSocket: join(sock, `${role[0]}.qmp`), serialLog: join(dir, `${role}.serial.log`), dataDirs: opts.qemu !== STOCK_QEMU,
    probeSocket: join(sock, `${role[0]}.probe`),
  });
  const client = {
    primary: { host: HOST, port: port(need(proxies, 'client-primary').listen), upstream: port(need(proxies, 'client-primary').upstream) },
    secondary: { host: HOST, port: port(need(proxies, 'client-secondary').listen), upstream: port(need(proxies, 'client-secondary').upstream) },
  };
  const onLine = (role: Role) => (line: string): void => tracker.trace(role, line);
  const spawn = (role: Role, args: string[]): Replica => new Replica(role, opts.qemu, args, join(dir, `${role}.serial.log`), join(dir, `${role}.stderr.log`), onLine(role));
  // until the pair object owns them, a failure here must close what was opened
  const spawned: Replica[] = [];
  let disks: Awaited<ReturnType<typeof makeImages>> | null = null;
  let clientHold: PortHold | null = null;
  let parts: PairParts;
  try {
    clientHold = await holdPort(HOST, client.secondary.upstream);
    taps.push(
      await startTap({ host: HOST, port: 0 }, { host: HOST, port: port(cp.listen) }, (d, c) => {
        recorder?.add(d, c);
        return d === 'fwd' ? pDecoder.fwd(c) : pDecoder.back(c);
      }),
      await startTap({ host: HOST, port: port(cp.upstream) }, { host: HOST, port: incoming }, (d, c) => (d === 'fwd' ? sDecoder.fwd(c) : sDecoder.back(c))),
    );
    disks = opts.disk ? await makeImages(sock) : null;
    const primary = spawn('primary', [...primaryArgs(common('primary'), {
      client: client.primary.upstream, mirror: port(need(proxies, 'mirror').upstream), svmOut: port(need(proxies, 'svm-out').upstream), compareIn, compareOut,
    }), ...(disks ? primaryDiskArgs(disks) : [])]);
    spawned.push(primary);
    // the secondary's chardevs connect (through the proxies) to the primary's servers: let them listen first
    await waitFile(common('primary').qmpSocket, 5000, () => primary.alive).catch((e: Error) => { throw primary.alive ? e : startFailure('primary', primary, e.message); });
    await new Promise((r) => setTimeout(r, 300));
    const secondary = spawn('secondary', [...secondaryArgs(common('secondary'), {
      mirror: port(need(proxies, 'mirror').listen), svmOut: port(need(proxies, 'svm-out').listen), incoming,
    }, major >= 9 ? 'reconnect-ms=1000' : 'reconnect=1'), ...(disks ? secondaryDiskArgs(disks) : [])]);
    spawned.push(secondary);
    live.replicas = { primary, secondary };
    const qmp: PairParts['qmp'] = (live.qmp = {});
    const watch = new GuestWatch({ primary, secondary }, ctx.emit, (r) => lastHeld(tracker.last[r]));
    watch.poll(GUEST_POLL_MS);
    const guest = { probes: { primary: common('primary').probeSocket, secondary: common('secondary').probeSocket }, watch };
    parts = { opts, replicas: { primary, secondary }, qmp, taps, tracker, breakpoints, client, clientHold, emit: ctx.emit, dir, guest };
  } catch (e) {
    await clientHold?.release();
    await Promise.all(spawned.map((r) => r.stop()));
    await Promise.all(taps.map((t) => t.close()));
    throw e;
  }
  const pair = new QemuPair(parts, recorder ? { path: opts.recordStream!, recorder } : null);
  try {
    // TCG boots slowly on a loaded 2-core machine: never less than MIN_START_MS
    const deadline = Date.now() + Math.max(ctx.startTimeoutMs, MIN_START_MS);
    await enterColo(parts, {
      qmpSocket: (role) => common(role).qmpSocket, nbd: disks ? need(proxies, 'nbd') : null, migrateTo: taps[0]!.port, deadline,
    });
    pair.manager.watch();
    return pair;
  } catch (e) {
    throw await failedStart(e as Error, parts, () => pair.stop());
  }
}

/** Connect QMP to both QEMUs, set COLO up (and disk replication), boot the guest, migrate; resolves once COLO runs. */
async function enterColo(parts: PairParts, o: { qmpSocket: (r: Role) => string; nbd: LinkProxy | null; migrateTo: number; deadline: number }): Promise<void> {
  const { tracker, opts } = parts;
  const { primary } = parts.replicas;
  const left = (): number => Math.max(500, o.deadline - Date.now());
  for (const role of ['primary', 'secondary'] as const) {
    const r = parts.replicas[role];
    const q = await Promise.race([
      QmpClient.connect(o.qmpSocket(role), role, left()),
      r.exited.then((e) => { throw startFailure(role, r, e.signal ?? `code ${e.code}`); }),
    ]);
    parts.qmp[role] = q;
    q.onEvent((e) => { if (e.event === 'STOP' || e.event === 'RESUME') tracker.runState(role, e.event, e.receivedAt, e.timestamp ? e.timestamp.seconds * 1000 + e.timestamp.microseconds / 1000 : undefined); });
    q.onEvent((e) => parts.guest?.watch.qmp(role, e));
  }
  const [p, s] = [parts.qmp.primary!, parts.qmp.secondary!];
  const xColo = { capabilities: [{ capability: 'x-colo', state: true }] };
  await s.execute('migrate-set-capabilities', xColo).catch(() => undefined); // needed from 8.1 on, harmless on 7.2
  if (o.nbd) await startReplication(p, s, { listen: port(o.nbd.listen), upstream: port(o.nbd.upstream) });
  await p.execute('migrate-set-capabilities', xColo);
  await p.execute('migrate-set-parameters', { 'x-checkpoint-delay': opts.checkpointDelayMs });
  await p.execute('cont');
  debug('QMP up');
  await waitReady(primary, left());
  debug('guest ready');
  tracker.migrateAt = Date.now();
  await p.execute('migrate', { uri: `tcp:${HOST}:${o.migrateTo}` });
  await waitColo(p, tracker, left(), () => primary.alive && procState(primary.pid) === 'running');
  await guestsUpHealthy(parts.guest!.watch);
  debug('COLO running');
}

/**
 * Stop the pair and say why its start failed, as the error to throw. A QEMU that died at start says
 * why on stderr (a port taken, a bad option): that is the error. Its QMP socket breaks before its
 * exit is reaped: a broken monitor's QEMU gets a bounded moment to exit (before the stop ends both).
 */
async function failedStart(e: Error, parts: PairParts, stop: () => Promise<void>): Promise<Error> {
  const message = e.message;
  const broken = /^QMP (primary|secondary): (read |write )?(ECONNRESET|EPIPE|connection closed)/.exec(message)?.[1] as Role | undefined;
  if (broken) await within(parts.replicas[broken].exited, 2000, `the ${broken} QEMU to exit`).catch(() => undefined);
  const dead = (['primary', 'secondary'] as const).find((r) => !parts.replicas[r].alive);
  await stop();
  if (isPortTaken(e)) return e;
  // a guest that panicked or reset while coming up (its QEMU may have exited for it): a bad start
  const crash = parts.guest ? startCrash(parts.guest.watch) : null;
  if (crash) return crash;
  if (dead && !(e instanceof SetupError)) return startFailure(dead, parts.replicas[dead], message);
  // a live QEMU refusing a port at a command (the NBD server's) is retried the same way
  if (PORT_TAKEN.test(message)) return new PortTakenError(message);
  return e;
}

/** A replica as the breakpoints see it: ended or hung by a fault (signals count from `since`), or running. */
function replicaProc(r: () => Replica | undefined, since: number): Proc {
  return {
    state: () => {
      const rep = r();
      const sig = lastFaultSignal(rep?.pid, since);
      if (!rep?.alive || sig === 'SIGKILL' || sig === 'SIGTERM' || procState(rep.pid) === 'dead') return 'dead';
      return sig === 'SIGSTOP' ? 'stopped' : 'running';
    },
    stop: () => r()?.signal('SIGSTOP'),
    cont: () => r()?.signal('SIGCONT'),
  };
}

export const driver: TargetDriver = {
  name: 'qemu',
  proxies: () => PROXIES,
  start: (ctx, proxies) => startPair(ctx, proxies),
  responseHash: (line) => responseHash(line),
  async preflight(options, failover) {
    const opts = await resolveOptions(options, failover);
    await qemuMajor(opts.qemu);
    await guestOnce();
  },
  space: (options) => ({ timing: qemuTiming(options), links: QEMU_LINKS }),
  caseDefaults: QEMU_CASE_DEFAULTS,
  optionDefaults: () => ({ ...QEMU_DEFAULTS }),
  cliOptions: QEMU_CLI_OPTIONS,
  pinning: qemuPinning,
};
