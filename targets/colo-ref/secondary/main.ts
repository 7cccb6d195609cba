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
  const s = new Secondary(o, control);
  await s.listen();
  if (!(await s.initialSync())) return;
  await s.start();
  await s.replicate();
}

/** One secondary's state (its mode, the guest's run state, the checkpoint being received) and its steps. */
class Secondary {
  private readonly m: Machine;
  private readonly bugs: Set<string>;
  private mode: Mode = 'secondary';
  private stopped = true;
  private relaunch = false;
  private incoming: Incoming | undefined;
  private ckptSock: net.Socket | undefined;
  private readonly mirrored = new Map<number, unknown>();
  private readonly applied = new Applied();
  private readonly cache: ColoCache | BoundedCache;
  /** cache=bounded: the budget request of the current interval went out (or is on its way). */
  private needSent = false;
  private readonly channelSocks: net.Socket[] = [];
  private readers: Promise<StreamReader[]> | undefined;
  private readonly clients = new ClientServer(() => this.pump());
  private readonly svmOut: LineLink;
  private readonly hb: SecondaryHeartbeat;
  // the listeners, once listen() opened them
  private mirrorSrv!: Awaited<ReturnType<typeof listen>>;
  private ckptListener!: Acceptor;
  private ramListeners: Acceptor[] = [];

  constructor(private readonly o: Options, private readonly control: Control) {
    this.m = new Machine({ pages: o.pages, accounts: o.accounts, nonceRate: o.nonceRate, writePages: o.writePages, seed: o.seed, role: 'secondary' });
    this.bugs = new Set<string>(o.bug);
    this.cache = o.cache.budget === undefined ? new ColoCache(o.pages) : new BoundedCache(o.pages, o.cache.budget);
    this.svmOut = new LineLink(o.svmOutConnect!);
    this.hb = new SecondaryHeartbeat(o.heartbeatTimeout, {
      mode: () => this.mode,
      demote: () => void this.demote(),
      silent: (ms) => void this.failover(`no heartbeat for ${ms} ms`).catch(() => {}),
    });
  }

  private pump(): void {
    if (this.stopped) return;
    const { m, mirrored, cache } = this;
    if (this.mode === 'secondary') {
      for (const seq of mirrored.keys()) if (seq <= m.lastSeq) mirrored.delete(seq);
      for (let next = m.lastSeq + 1; mirrored.has(next); next = m.lastSeq + 1) {
        if (cache instanceof BoundedCache && cache.full) return void this.budgetHit();
        const req = mirrored.get(next);
        mirrored.delete(next);
        this.svmOut.write(m.execute(req).line);
      }
    } else if (this.mode === 'failed-over') {
      while (this.clients.queue.length > 0) {
        const req = this.clients.queue.shift()!;
        const { seq, line } = m.execute(req.raw);
        reply(req.sock, line);
        void this.control.emit({ type: 'release', seqs: [seq], reason: 'served' });
      }
      this.clients.resume();
    }
  }

  /**
   * cache=bounded: the copies reached the secondary's share of the budget. Pause the guest (it
   * stays stopped until the apply), report S0b (a breakpoint stops here, request not yet sent),
   * then ask the primary for a checkpoint.
   */
  private async budgetHit(): Promise<void> {
    this.stopped = true;
    if (this.needSent) return;
    this.needSent = true;
    await this.control.phase('S0b', this.incoming?.next ?? 1, { pages: (this.cache as BoundedCache).used });
    if (this.mode === 'secondary' && this.ckptSock && !this.ckptSock.destroyed) this.ckptSock.write(encodeMessage(CHECKPOINT_NEED));
  }

  /** Resume from the last applied checkpoint (the guest's own RAM) and serve clients. */
  private async takeOver(): Promise<void> {
    this.mode = 'failed-over';
    this.m.ram.beforeWrite = undefined;
    for (const s of this.channelSocks) s.destroy();
    this.ckptSock?.destroy();
    this.mirrored.clear();
    this.mirrorSrv.close();
    this.svmOut.close();
    this.stopped = false;
    await this.control.emit({ type: 'failover', resumedFrom: this.applied.n, digest: this.applied.resumeDigest(this.m), lastSeq: this.m.lastSeq });
    this.pump();
  }

  private async failover(reason: string): Promise<void> {
    if (this.mode !== 'secondary') throw new Error(`cannot fail over: mode is ${this.mode}`);
    if (this.incoming?.applying && !this.bugs.has('no-relaunch')) {
      this.relaunch = true;
      return;
    }
    process.stderr.write(`colo-ref secondary: failing over (${reason})\n`);
    await this.takeOver();
  }

  private async demote(): Promise<void> {
    this.mode = 'fenced';
    this.stopped = true;
    this.ckptSock?.destroy();
    for (const s of this.channelSocks) s.destroy();
    await this.control.emit({ type: 'fenced', reason: 'demoted by the primary' });
  }

  /** Open every listener (clients, heartbeat, mirror, checkpoint, RAM channels) and say hello. */
  async listen(): Promise<void> {
    const { o, control, m } = this;
    await this.clients.listen(o.clientListen);
    this.clients.pause();
    await this.hb.listen(o.heartbeatListen!);
    this.mirrorSrv = await listen(o.mirrorListen!, (s) =>
      onLines(s, (line) => {
        const x = parseLine(line);
        if (this.mode !== 'secondary' || typeof x?.seq !== 'number') return;
        if (x.seq > m.lastSeq) this.mirrored.set(x.seq, x.req);
        this.pump();
      }),
    );
    this.ckptListener = await Acceptor.open(o.checkpointListen!);
    this.ramListeners = await Promise.all((o.ramChannels > 1 ? o.ramListen! : []).map((p) => Acceptor.open(p)));
    control.handlers.set('failover', () => this.failover('failover command'));
    serveState(control, m, () => ({ mode: this.mode, lastApplied: this.applied.n }));
    await control.hello(o.pages);
  }

  // RAM channels: accepted once, at the first checkpoint that needs them (the primary connects them
  // after checkpoint 0); losing any of them loses the migration, as the main link
  private channels(): Promise<StreamReader[]> {
    return (this.readers ??= (async () => {
      const deadline = performance.now() + this.o.connectTimeout;
      for (const [i, l] of this.ramListeners.entries()) {
        const s = await l.next(deadline - performance.now(), `primary did not connect RAM channel ${i} on port ${this.o.ramListen![i]}`);
        l.close();
        this.channelSocks.push(s);
        s.on('close', () => this.ckptSock?.destroy());
      }
      return this.channelSocks.map((s) => socketReader(s));
    })());
  }

  /** What the checkpoint receiver asks of the secondary. */
  private hooks(): IncomingHooks {
    return {
      stop: () => (this.stopped = true),
      resume: () => {
        this.stopped = false;
        this.needSent = false;
        this.pump();
      },
      relaunchPending: () => this.relaunch,
      gone: () => this.mode !== 'secondary',
    };
  }

  /**
   * Checkpoint 0. A connection that ends before it is whole is replaced by the primary's next one
   * (the primary retries while this side has sent nothing), until --connect-timeout. False after a
   * protocol error (reported).
   */
  async initialSync(): Promise<boolean> {
    const { o, m, cache, control } = this;
    const deadline = performance.now() + o.connectTimeout;
    const design = { single: o.stream === 'single', ...(this.ramListeners.length ? { channels: () => this.channels() } : {}) };
    for (;;) {
      const sock = await this.ckptListener.next(deadline - performance.now(), `primary did not connect to the checkpoint listener on port ${o.checkpointListen}`);
      this.ckptSock = sock;
      this.incoming = new Incoming(sock, socketReader(sock), m, cache, control, this.applied, this.hooks(), this.bugs, design);
      try {
        await this.incoming.initial();
        break;
      } catch (e) {
        sock.destroy();
        if (e instanceof ProtocolError) {
          await control.fatal(e.message);
          return false;
        }
        if (performance.now() > deadline) throw new Error(`initial sync from the primary failed: ${(e as Error).message}`);
      }
    }
    this.ckptListener.close();
    return true;
  }

  /** Track the guest's pages (cache=bounded), connect svm-out, start the heartbeat watch, run the guest. */
  async start(): Promise<void> {
    const { o, m, cache } = this;
    if (cache instanceof BoundedCache) m.ram.beforeWrite = (p) => cache.saveOriginal(m.ram, p);
    // Only now: the primary opened its svm-out listener before it connected here, so this first
    // connect reaches it (earlier, the proxy would accept and close, and the first outputs be lost).
    this.svmOut.start(await connectRetry(o.svmOutConnect!, 'primary svm-out listener', o.connectTimeout));
    this.stopped = false;
    this.hb.watch(o.failover === 'auto');
    this.pump();
  }

  /** Receive and apply checkpoints until the link is lost; then a pending RELAUNCH takes over. */
  async replicate(): Promise<void> {
    try {
      await this.incoming!.run();
    } catch (e) {
      if (e instanceof ProtocolError) return this.control.fatal(e.message);
      // Link lost (COLO_EXIT): keep the guest as it is and wait for the heartbeat's decision.
      if (this.mode === 'secondary') process.stderr.write(`colo-ref secondary: checkpoint link lost: ${(e as Error).message}\n`);
    }
    // RELAUNCH: a failover that arrived during the apply runs now, on the new checkpoint.
    if (this.relaunch && this.mode === 'secondary') await this.takeOver();
  }
}
