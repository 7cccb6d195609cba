// The primary replica: serves clients, mirrors requests, compares outputs, runs checkpoints,
// holds a heartbeat lease, and goes standalone only when the secondary is certainly gone.
import type net from 'node:net';
import type { Options } from '../options.ts';
import type { Control } from '../control.ts';
import { Machine } from '../guest/machine.ts';
import { ClientServer, reply } from '../clients.ts';
import { Compare, type Output } from './compare.ts';
import { LineLink, listenSvmOut } from '../links.ts';
import { PrimaryHeartbeat } from './heartbeat.ts';
import { LeaseLost, Sender, type SenderDesign, type SenderHooks } from './sender.ts';
import { pumpedReturnPath } from './return-path.ts';
import { now } from '../clock.ts';
import { Trigger } from '../trigger.ts';
import { connectRetry } from '../net.ts';
import { socketReader, type StreamReader } from '../wire/reader.ts';
import { ProtocolError } from '../wire/codec.ts';
import { serveState } from '../state.ts';

type Mode = 'primary' | 'standalone' | 'fenced';

export async function runPrimary(o: Options, control: Control): Promise<void> {
  const m = new Machine({ pages: o.pages, accounts: o.accounts, nonceRate: o.nonceRate, writePages: o.writePages, seed: o.seed, role: 'primary' });
  const bug = (b: string) => (o.bug as string[]).includes(b);
  let mode: Mode = 'primary';
  let stopped = true;
  let lastApplied = 0;
  let ckptDead = false;
  let takenOver = false;
  const trigger = new Trigger();
  const channels: net.Socket[] = [];
  // cache=bounded: the primary's share of the budget (half; the secondary requests at a quarter),
  // so the cache never holds more than pages dirtied on both sides since the last checkpoint
  const budget = o.cache.budget;
  const share = budget === undefined ? Infinity : Math.floor(budget / 2);
  let dirtyCount = 0;
  let inTransaction = false;
  /** Set when the guest was stopped for a forced checkpoint: why, and since when. */
  let forced: { reason: string; at: number } | undefined;
  const force = (reason: string): void => {
    if (forced || inTransaction || mode !== 'primary') return;
    forced = { reason, at: now() };
    stopped = true;
    trigger.fire();
  };
  if (budget !== undefined) m.ram.beforeWrite = () => void dirtyCount++;

  const clients = new ClientServer(() => pump());
  // The lease is judged when the primary acts, not when it decided to: a stop in between (SIGSTOP,
  // a long GC, CPU starvation) can outlast it, and the secondary may have taken over meanwhile.
  // Planted bug release-without-lease: the primary never asks (it stops only when told it was taken over).
  const leaseValid = () => bug('release-without-lease') || hb.leaseValid();
  const leased = () => mode === 'primary' && leaseValid();
  const canRelease = () => mode === 'standalone' || leased();
  const release = async (outs: Output[], reason: string) => {
    if (outs.length === 0) return;
    if (!canRelease()) return compare.putBack(outs);
    // The event first, so the harness's timeline never shows a client receiving before the release.
    await control.emit({ type: 'release', seqs: outs.map((x) => x.seq), reason });
    // the emit waited for the kernel: judge again right before the bytes go out
    if (!canRelease()) return compare.putBack(outs);
    for (const out of outs) reply(out.sock, out.line);
    pump();
  };
  const compare = new Compare(o.compareTimeout, {
    canRelease,
    match: (out) => void release([out], 'match'),
    held: (out, reason) => {
      void control.emit({ type: 'held', seq: out.seq, reason });
      if (reason !== 'no-lease') trigger.fire();
    },
  });

  function pump(): void {
    while (clients.queue.length > 0 && !stopped && (mode === 'standalone' || (mode === 'primary' && compare.size < o.maxQueue))) {
      if (mode === 'primary' && dirtyCount >= share) return force('primary-budget');
      const req = clients.queue.shift()!;
      const { seq, line } = m.execute(req.raw);
      if (mode === 'standalone') {
        reply(req.sock, line);
        void control.emit({ type: 'release', seqs: [seq], reason: 'served' });
      } else {
        mirror.write(JSON.stringify({ seq, req: req.raw }));
        compare.add(seq, line, req.sock);
      }
    }
    if (mode === 'primary' && compare.size >= o.maxQueue) clients.pause();
    else if (mode !== 'fenced') clients.resume();
  }

  async function goStandalone(reason: string): Promise<void> {
    if (mode === 'standalone' || takenOver) return;
    mode = 'standalone';
    hb.stop();
    trigger.cancel();
    ckptSock.destroy();
    mirror.close();
    svmOut.close();
    await control.emit({ type: 'standalone', reason, lastSeq: m.lastSeq });
    const held = compare.takeAll();
    if (!bug('lost-held-output')) await release(held, 'standalone');
    stopped = false;
    pump();
  }

  async function fence(reason: string): Promise<void> {
    hb.demoting = true;
    if (mode !== 'primary') return;
    mode = 'fenced';
    clients.pause();
    trigger.cancel();
    await control.emit({ type: 'fenced', reason });
  }

  /** The secondary may be gone: ask it to stand down; standalone once it did, or once it is surely dead. */
  function secondaryLost(): void {
    ckptDead = true;
    hb.demoting = true;
  }

  await clients.listen(o.clientListen);
  clients.pause();
  const svmOut = await listenSvmOut(o.svmOutListen!, (line) => compare.secondary(line));
  await control.hello(o.pages);
  const mirror = new LineLink(o.mirrorConnect!);
  mirror.start(await connectRetry(o.mirrorConnect!, 'secondary mirror listener', o.connectTimeout));
  const hbSock = await connectRetry(o.heartbeatConnect!, 'secondary heartbeat listener', o.connectTimeout);
  const hb = new PrimaryHeartbeat(o.heartbeatConnect!, { interval: o.heartbeatInterval, lease: o.lease }, {
    demoted: () => void goStandalone('secondary demoted'),
    takenOver: () => {
      takenOver = true;
      void fence('secondary took over');
    },
  });
  const hooks: SenderHooks = {
    stop: () => (stopped = true),
    resume: () => {
      stopped = false;
      pump();
    },
    release: () => release(compare.takeAll(), 'checkpoint'),
    leased,
    earlyRelease: bug('early-release'),
    unsentPage: bug('unsent-page'),
    frozen: () => void (dirtyCount = 0),
  };
  const synced = await initialSync(o, m, control, hooks, (reader) => ({
    channels,
    single: o.stream === 'single',
    ...(budget !== undefined ? { rp: pumpedReturnPath(reader, () => force('secondary-request')) } : {}),
  }));
  if (!synced) return;
  const { sock: ckptSock, sender } = synced;
  // RAM channels (ram-channels=N): connected once checkpoint 0 is through; any of them lost is
  // the migration lost, as the main link
  for (const addr of o.ramChannels > 1 ? o.ramConnect! : []) {
    channels.push(await connectRetry(addr, 'secondary RAM channel listener', o.connectTimeout));
  }
  for (const s of [ckptSock, ...channels]) {
    s.on('error', () => {});
    s.on('close', () => {
      // also once fenced for an expired lease: a secondary that then dies must not leave nobody serving
      if (mode !== 'standalone') secondaryLost();
      for (const x of [ckptSock, ...channels]) x.destroy();
    });
  }

  control.handlers.set('checkpoint-now', () => {
    if (mode !== 'primary') throw new Error(`not replicating (mode ${mode})`);
    trigger.fire();
  });
  control.handlers.set('failover', () => goStandalone('failover command'));
  serveState(control, m, () => ({ mode, lastApplied }));

  hb.start(hbSock);
  setInterval(() => {
    if (mode === 'primary' && !leaseValid()) void fence('lease expired');
    if (mode !== 'standalone' && !takenOver && ckptDead && hb.certainlyDead()) void goStandalone('secondary gone');
  }, Math.max(10, Math.floor(o.heartbeatInterval / 2)));
  stopped = false;
  pump();

  for (let n = 1; mode === 'primary' && !ckptDead; n++) {
    trigger.arm(o.checkpointDelay);
    await control.phase('P0', n);
    await trigger.wait();
    if (mode !== 'primary' || ckptDead) break;
    inTransaction = true;
    try {
      // a forced checkpoint (cache=bounded): the guest stopped already; P0b is its phase
      if (forced) await control.phase('P0b', n, { reason: forced.reason });
      await sender.transaction(n, forced?.at);
      lastApplied = n;
    } catch (e) {
      if (e instanceof ProtocolError) return control.fatal(e.message);
      if (e instanceof LeaseLost) await fence('lease expired');
      else secondaryLost();
    } finally {
      inTransaction = false;
      forced = undefined;
      if ((mode as Mode) !== 'fenced') {
        stopped = false;
        pump();
      }
    }
  }
}

/**
 * Connect the checkpoint link and send checkpoint 0. A link that closes before the secondary said
 * anything (a proxy that accepted but could not reach the secondary yet) is tried again until
 * --connect-timeout; undefined after a protocol error (already reported).
 */
async function initialSync(o: Options, m: Machine, control: Control, hooks: SenderHooks, design: (r: StreamReader) => SenderDesign): Promise<{ sock: net.Socket; sender: Sender } | undefined> {
  const deadline = performance.now() + o.connectTimeout;
  for (;;) {
    const sock = await connectRetry(o.checkpointConnect!, 'secondary checkpoint listener', Math.max(0, deadline - performance.now()));
    const reader = socketReader(sock);
    const sender = new Sender(sock, reader, m, control, hooks, o.stallTimeout, design(reader));
    try {
      await sender.initialSync(o.connectTimeout);
      return { sock, sender };
    } catch (e) {
      sock.destroy();
      if (e instanceof ProtocolError) return void (await control.fatal(e.message));
      if (reader.consumed > 0 || reader.buffered > 0 || performance.now() > deadline) {
        throw new Error(`initial sync to the secondary failed: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
