// The secondary replica: executes mirrored requests, sends its output to compare, receives and
// applies checkpoints, and takes over (or stands down) as the heartbeat decides.
import type net from 'node:net';
import type { Options } from '../options.ts';
import type { Control } from '../control.ts';
import { Machine } from '../guest/machine.ts';
import { ClientServer, reply } from '../clients.ts';
import { LineLink } from '../links.ts';
import { ColoCache } from './cache.ts';
import { BoundedCache } from './bounded-cache.ts';
import { Applied } from './applied.ts';
import { Incoming, type IncomingHooks } from './incoming.ts';
import { SecondaryHeartbeat } from './heartbeat.ts';
import { Acceptor, connectRetry, listen, onLines, parseLine } from '../net.ts';
import { socketReader, type StreamReader } from '../wire/reader.ts';
import { CHECKPOINT_NEED, encodeMessage, ProtocolError } from '../wire/codec.ts';
import { serveState } from '../state.ts';

type Mode = 'secondary' | 'fenced' | 'failed-over';

export async function runSecondary(o: Options, control: Control): Promise<void> {
  const m = new Machine({ pages: o.pages, accounts: o.accounts, nonceRate: o.nonceRate, writePages: o.writePages, seed: o.seed, role: 'secondary' });
  const bugs = new Set<string>(o.bug);
  let mode: Mode = 'secondary';
  let stopped = true;
  let relaunch = false;
  let incoming: Incoming | undefined;
  let ckptSock: net.Socket | undefined;
  const mirrored = new Map<number, unknown>();
  const applied = new Applied();
  const budget = o.cache.budget;
  const cache = budget === undefined ? new ColoCache(o.pages) : new BoundedCache(o.pages, budget);
  /** cache=bounded: the budget request of the current interval went out (or is on its way). */
  let needSent = false;
  const channelSocks: net.Socket[] = [];

  const clients = new ClientServer(() => pump());
  await clients.listen(o.clientListen);
  clients.pause();
  const svmOut = new LineLink(o.svmOutConnect!);

  function pump(): void {
    if (stopped) return;
    if (mode === 'secondary') {
      for (const seq of mirrored.keys()) if (seq <= m.lastSeq) mirrored.delete(seq);
      for (let next = m.lastSeq + 1; mirrored.has(next); next = m.lastSeq + 1) {
        if (cache instanceof BoundedCache && cache.full) return void budgetHit();
        const req = mirrored.get(next);
        mirrored.delete(next);
        svmOut.write(m.execute(req).line);
      }
    } else if (mode === 'failed-over') {
      while (clients.queue.length > 0) {
        const req = clients.queue.shift()!;
        const { seq, line } = m.execute(req.raw);
        reply(req.sock, line);
        void control.emit({ type: 'release', seqs: [seq], reason: 'served' });
      }
      clients.resume();
    }
  }

  /**
   * cache=bounded: the copies reached the secondary's share of the budget. Pause the guest (it
   * stays stopped until the apply), report S0b (a breakpoint stops here, request not yet sent),
   * then ask the primary for a checkpoint.
   */
  async function budgetHit(): Promise<void> {
    stopped = true;
    if (needSent) return;
    needSent = true;
    await control.phase('S0b', incoming?.next ?? 1, { pages: (cache as BoundedCache).used });
    if (mode === 'secondary' && ckptSock && !ckptSock.destroyed) ckptSock.write(encodeMessage(CHECKPOINT_NEED));
  }

  /** Resume from the last applied checkpoint (the guest's own RAM) and serve clients. */
  async function takeOver(): Promise<void> {
    mode = 'failed-over';
    m.ram.beforeWrite = undefined;
    for (const s of channelSocks) s.destroy();
    ckptSock?.destroy();
    mirrored.clear();
    mirrorSrv.close();
    svmOut.close();
    stopped = false;
    await control.emit({ type: 'failover', resumedFrom: applied.n, digest: applied.resumeDigest(m), lastSeq: m.lastSeq });
    pump();
  }

  async function failover(reason: string): Promise<void> {
    if (mode !== 'secondary') throw new Error(`cannot fail over: mode is ${mode}`);
    if (incoming?.applying && !bugs.has('no-relaunch')) {
      relaunch = true;
      return;
    }
    process.stderr.write(`colo-ref secondary: failing over (${reason})\n`);
    await takeOver();
  }

  async function demote(): Promise<void> {
    mode = 'fenced';
    stopped = true;
    ckptSock?.destroy();
    for (const s of channelSocks) s.destroy();
    await control.emit({ type: 'fenced', reason: 'demoted by the primary' });
  }

  const hb = new SecondaryHeartbeat(o.heartbeatTimeout, {
    mode: () => mode,
    demote: () => void demote(),
    silent: (ms) => void failover(`no heartbeat for ${ms} ms`).catch(() => {}),
  });
  await hb.listen(o.heartbeatListen!);
  const mirrorSrv = await listen(o.mirrorListen!, (s) =>
    onLines(s, (line) => {
      const x = parseLine(line);
      if (mode !== 'secondary' || typeof x?.seq !== 'number') return;
      if (x.seq > m.lastSeq) mirrored.set(x.seq, x.req);
      pump();
    }),
  );
  const ckptListener = await Acceptor.open(o.checkpointListen!);
  const ramListeners = await Promise.all((o.ramChannels > 1 ? o.ramListen! : []).map((p) => Acceptor.open(p)));
  control.handlers.set('failover', () => failover('failover command'));
  serveState(control, m, () => ({ mode, lastApplied: applied.n }));
  await control.hello(o.pages);

  // RAM channels: accepted once, at the first checkpoint that needs them (the primary connects them
  // after checkpoint 0); losing any of them loses the migration, as the main link
  let readers: Promise<StreamReader[]> | undefined;
  const channels = (): Promise<StreamReader[]> => (readers ??= (async () => {
    const deadline = performance.now() + o.connectTimeout;
    for (const [i, l] of ramListeners.entries()) {
      const s = await l.next(deadline - performance.now(), `primary did not connect RAM channel ${i} on port ${o.ramListen![i]}`);
      l.close();
      channelSocks.push(s);
      s.on('close', () => ckptSock?.destroy());
    }
    return channelSocks.map((s) => socketReader(s));
  })());
  const hooks: IncomingHooks = {
    stop: () => (stopped = true),
    resume: () => {
      stopped = false;
      needSent = false;
      pump();
    },
    relaunchPending: () => relaunch,
    gone: () => mode !== 'secondary',
  };
  // Checkpoint 0. A connection that ends before it is whole is replaced by the primary's next one
  // (the primary retries while this side has sent nothing), until --connect-timeout.
  const deadline = performance.now() + o.connectTimeout;
  for (;;) {
    ckptSock = await ckptListener.next(deadline - performance.now(), `primary did not connect to the checkpoint listener on port ${o.checkpointListen}`);
    incoming = new Incoming(ckptSock, socketReader(ckptSock), m, cache, control, applied, hooks, bugs, { single: o.stream === 'single', ...(ramListeners.length ? { channels } : {}) });
    try {
      await incoming.initial();
      break;
    } catch (e) {
      ckptSock.destroy();
      if (e instanceof ProtocolError) return control.fatal(e.message);
      if (performance.now() > deadline) throw new Error(`initial sync from the primary failed: ${(e as Error).message}`);
    }
  }
  ckptListener.close();
  if (cache instanceof BoundedCache) m.ram.beforeWrite = (p) => cache.saveOriginal(m.ram, p);
  // Only now: the primary opened its svm-out listener before it connected here, so this first
  // connect reaches it (earlier, the proxy would accept and close, and the first outputs be lost).
  svmOut.start(await connectRetry(o.svmOutConnect!, 'primary svm-out listener', o.connectTimeout));
  stopped = false;
  hb.watch(o.failover === 'auto');
  pump();
  try {
    await incoming.run();
  } catch (e) {
    if (e instanceof ProtocolError) return control.fatal(e.message);
    // Link lost (COLO_EXIT): keep the guest as it is and wait for the heartbeat's decision.
    if (mode === 'secondary') process.stderr.write(`colo-ref secondary: checkpoint link lost: ${(e as Error).message}\n`);
  }
  // RELAUNCH: a failover that arrived during the apply runs now, on the new checkpoint.
  if (relaunch && mode === 'secondary') await takeOver();
}
