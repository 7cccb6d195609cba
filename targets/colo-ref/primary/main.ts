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
  const p = new Primary(o, control);
  if (!(await p.connect())) return;
  p.serve();
  await p.replicate();
}

/** One primary's state (its mode, the guest's run state, the checkpoint in progress) and its steps. */
class Primary {
  private readonly m: Machine;
  private mode: Mode = 'primary';
  private stopped = true;
  private lastApplied = 0;
  private ckptDead = false;
  private takenOver = false;
  private readonly trigger = new Trigger();
  private readonly channels: net.Socket[] = [];
  // cache=bounded: the primary's share of the budget (half; the secondary requests at a quarter),
  // so the cache never holds more than pages dirtied on both sides since the last checkpoint
  private readonly share: number;
  private dirtyCount = 0;
  private inTransaction = false;
  /** Set when the guest was stopped for a forced checkpoint: why, and since when. */
  private forced: { reason: string; at: number } | undefined;
  private readonly clients = new ClientServer(() => this.pump());
  private readonly compare: Compare;
  // the links, once connect() made them
  private svmOut!: Awaited<ReturnType<typeof listenSvmOut>>;
  private mirror!: LineLink;
  private hb!: PrimaryHeartbeat;
  private hbSock!: net.Socket;
  private ckptSock: net.Socket | undefined;
  private sender!: Sender;

  constructor(private readonly o: Options, private readonly control: Control) {
    this.m = new Machine({ pages: o.pages, accounts: o.accounts, nonceRate: o.nonceRate, writePages: o.writePages, seed: o.seed, role: 'primary' });
    this.share = o.cache.budget === undefined ? Infinity : Math.floor(o.cache.budget / 2);
    if (o.cache.budget !== undefined) this.m.ram.beforeWrite = () => void this.dirtyCount++;
    this.compare = new Compare(o.compareTimeout, {
      canRelease: () => this.canRelease(),
      match: (out) => void this.release([out], 'match'),
      held: (out, reason) => {
        void control.emit({ type: 'held', seq: out.seq, reason });
        if (reason !== 'no-lease') this.trigger.fire();
      },
    });
  }

  private bug(b: string): boolean {
    return (this.o.bug as string[]).includes(b);
  }

  private force(reason: string): void {
    if (this.forced || this.inTransaction || this.mode !== 'primary') return;
    this.forced = { reason, at: now() };
    this.stopped = true;
    this.trigger.fire();
  }

  // The lease is judged when the primary acts, not when it decided to: a stop in between (SIGSTOP,
  // a long GC, CPU starvation) can outlast it, and the secondary may have taken over meanwhile.
  // Planted bug release-without-lease: the primary never asks (it stops only when told it was taken over).
  private leaseValid(): boolean {
    return this.bug('release-without-lease') || this.hb.leaseValid();
  }

  private leased(): boolean {
    return this.mode === 'primary' && this.leaseValid();
  }

  private canRelease(): boolean {
    return this.mode === 'standalone' || this.leased();
  }

  private async release(outs: Output[], reason: string): Promise<void> {
    if (outs.length === 0) return;
    if (!this.canRelease()) return this.compare.putBack(outs);
    // The event first, so the harness's timeline never shows a client receiving before the release.
    await this.control.emit({ type: 'release', seqs: outs.map((x) => x.seq), reason });
    // the emit waited for the kernel: judge again right before the bytes go out
    if (!this.canRelease()) return this.compare.putBack(outs);
    for (const out of outs) reply(out.sock, out.line);
    this.pump();
  }

  private pump(): void {
    const { clients, compare, o } = this;
    while (clients.queue.length > 0 && !this.stopped && (this.mode === 'standalone' || (this.mode === 'primary' && compare.size < o.maxQueue))) {
      if (this.mode === 'primary' && this.dirtyCount >= this.share) return this.force('primary-budget');
      const req = clients.queue.shift()!;
      const { seq, line } = this.m.execute(req.raw);
      if (this.mode === 'standalone') {
        reply(req.sock, line);
        void this.control.emit({ type: 'release', seqs: [seq], reason: 'served' });
      } else {
        this.mirror.write(JSON.stringify({ seq, req: req.raw }));
        compare.add(seq, line, req.sock);
      }
    }
    if (this.mode === 'primary' && compare.size >= o.maxQueue) clients.pause();
    else if (this.mode !== 'fenced') clients.resume();
  }

  private async goStandalone(reason: string): Promise<void> {
    if (this.mode === 'standalone' || this.takenOver) return;
    this.mode = 'standalone';
    this.hb.stop();
    this.trigger.cancel();
    this.ckptSock?.destroy();
    this.mirror.close();
    this.svmOut.close();
    await this.control.emit({ type: 'standalone', reason, lastSeq: this.m.lastSeq });
    const held = this.compare.takeAll();
    if (!this.bug('lost-held-output')) await this.release(held, 'standalone');
    this.stopped = false;
    this.pump();
  }

  private async fence(reason: string): Promise<void> {
    this.hb.demoting = true;
    if (this.mode !== 'primary') return;
    this.mode = 'fenced';
    this.clients.pause();
    this.trigger.cancel();
    await this.control.emit({ type: 'fenced', reason });
  }

  /** The secondary may be gone: ask it to stand down; standalone once it did, or once it is surely dead. */
  private secondaryLost(): void {
    this.ckptDead = true;
    this.hb.demoting = true;
  }

  /** Listen for clients, connect every link, send checkpoint 0; false after a protocol error (reported). */
  async connect(): Promise<boolean> {
    const { o, control, clients } = this;
    await clients.listen(o.clientListen);
    clients.pause();
    this.svmOut = await listenSvmOut(o.svmOutListen!, (line) => this.compare.secondary(line));
    await control.hello(o.pages);
    this.mirror = new LineLink(o.mirrorConnect!);
    this.mirror.start(await connectRetry(o.mirrorConnect!, 'secondary mirror listener', o.connectTimeout));
    this.hbSock = await connectRetry(o.heartbeatConnect!, 'secondary heartbeat listener', o.connectTimeout);
    this.hb = new PrimaryHeartbeat(o.heartbeatConnect!, { interval: o.heartbeatInterval, lease: o.lease }, {
      demoted: () => void this.goStandalone('secondary demoted'),
      takenOver: () => {
        this.takenOver = true;
        void this.fence('secondary took over');
      },
    });
    const synced = await initialSync(o, this.m, control, this.hooks(), (reader) => ({
      channels: this.channels,
      single: o.stream === 'single',
      ...(o.cache.budget !== undefined ? { rp: pumpedReturnPath(reader, () => this.force('secondary-request')) } : {}),
    }));
    if (!synced) return false;
    this.ckptSock = synced.sock;
    this.sender = synced.sender;
    // RAM channels (ram-channels=N): connected once checkpoint 0 is through; any of them lost is
    // the migration lost, as the main link
    for (const addr of o.ramChannels > 1 ? o.ramConnect! : []) {
      this.channels.push(await connectRetry(addr, 'secondary RAM channel listener', o.connectTimeout));
    }
    const links = [synced.sock, ...this.channels];
    for (const s of links) {
      s.on('error', () => {});
      s.on('close', () => {
        // also once fenced for an expired lease: a secondary that then dies must not leave nobody serving
        if (this.mode !== 'standalone') this.secondaryLost();
        for (const x of links) x.destroy();
      });
    }
    return true;
  }

  /** What the checkpoint sender asks of the primary. */
  private hooks(): SenderHooks {
    return {
      stop: () => (this.stopped = true),
      resume: () => {
        this.stopped = false;
        this.pump();
      },
      release: () => this.release(this.compare.takeAll(), 'checkpoint'),
      leased: () => this.leased(),
      earlyRelease: this.bug('early-release'),
      unsentPage: this.bug('unsent-page'),
      frozen: () => void (this.dirtyCount = 0),
    };
  }

  /** Answer the harness's commands, start the heartbeat and its lease watch, let clients in. */
  serve(): void {
    const { control, o } = this;
    control.handlers.set('checkpoint-now', () => {
      if (this.mode !== 'primary') throw new Error(`not replicating (mode ${this.mode})`);
      this.trigger.fire();
    });
    control.handlers.set('failover', () => this.goStandalone('failover command'));
    serveState(control, this.m, () => ({ mode: this.mode, lastApplied: this.lastApplied }));
    this.hb.start(this.hbSock);
    setInterval(() => {
      if (this.mode === 'primary' && !this.leaseValid()) void this.fence('lease expired');
      if (this.mode !== 'standalone' && !this.takenOver && this.ckptDead && this.hb.certainlyDead()) void this.goStandalone('secondary gone');
    }, Math.max(10, Math.floor(o.heartbeatInterval / 2)));
    this.stopped = false;
    this.pump();
  }

  /** Checkpoints, one after another, while the pair replicates. */
  async replicate(): Promise<void> {
    const { control, o } = this;
    for (let n = 1; this.mode === 'primary' && !this.ckptDead; n++) {
      this.trigger.arm(o.checkpointDelay);
      await control.phase('P0', n);
      await this.trigger.wait();
      if (this.mode !== 'primary' || this.ckptDead) break;
      this.inTransaction = true;
      try {
        // a forced checkpoint (cache=bounded): the guest stopped already; P0b is its phase
        if (this.forced) await control.phase('P0b', n, { reason: this.forced.reason });
        await this.sender.transaction(n, this.forced?.at);
        this.lastApplied = n;
      } catch (e) {
        if (e instanceof ProtocolError) return control.fatal(e.message);
        if (e instanceof LeaseLost) await this.fence('lease expired');
        else this.secondaryLost();
      } finally {
        this.inTransaction = false;
        this.forced = undefined;
        if ((this.mode as Mode) !== 'fenced') {
          this.stopped = false;
          this.pump();
        }
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
