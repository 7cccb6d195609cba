// One direction of a proxied connection: source socket > toxic stages > destination socket.
// With no toxic the source's chunks are written straight through (counted, not copied); with
// toxics they go through the ordered chain. Flow control pauses the source while the
// destination is full or the chain holds more than HIGH_WATER bytes.
import type { Socket } from 'node:net';
import { NoopStage } from './toxics/index.ts';
import type { Attrs } from './toxics/index.ts';
import type { Chunk, EndKind, Receiver, Stage, StageCtx } from './stage.ts';
import type { Direction } from '../../core/model/case.ts';
import type { Traffic } from './metrics.ts';
import type { Toxic } from './toxic.ts';

const HIGH_WATER = 1 << 20;
const LOW_WATER = 256 << 10;
const CLOSE_GRACE_MS = 5_000;

interface Entry {
  toxic: Toxic;
  stage: Stage<Attrs>;
}

export class Link {
  private stages: Entry[] = [];
  private buffered = 0;
  private sinkBlocked = false;
  private paused = false;
  private sourceDone = false;
  private finished = false;
  private readonly sink: Receiver = {
    push: (c: Chunk) => {
      this.buffered -= c.data.length;
      this.write(c.data);
      this.flow();
    },
    end: (kind: EndKind) => this.finish(kind),
  };

  constructor(
    readonly direction: Direction,
    private readonly src: Socket,
    private readonly dst: Socket,
    private readonly traffic: Traffic,
    private readonly count: (bytes: number) => void,
  ) {}

  start(toxics: readonly Toxic[]): void {
    for (const t of toxics) this.addToxic(t);
    this.src.on('data', (data: Buffer) => {
      this.traffic.received += data.length;
      const head = this.stages[0];
      if (!head) return this.write(data);
      this.buffered += data.length;
      head.stage.push({ data, t: performance.now() });
      this.flow();
    });
    this.src.on('end', () => this.sourceEnded('end'));
    this.src.on('close', () => this.sourceEnded('close'));
    this.dst.on('drain', () => {
      this.sinkBlocked = false;
      this.flow();
    });
  }

  /** Toxiproxy adds at the end of the chain; toxicity is rolled once, here. */
  addToxic(toxic: Toxic): void {
    const ctx: StageCtx = { random: toxic.random, dropped: (n) => this.dropped(n) };
    const hit = toxic.random.bool(toxic.toxicity);
    const stage = hit ? toxic.kind.create(toxic.attributes, ctx, this.sink) : new NoopStage({}, ctx, this.sink);
    const last = this.stages.at(-1);
    if (last) last.stage.next = stage;
    this.stages.push({ toxic, stage });
  }

  updateToxic(toxic: Toxic): void {
    this.stages.find((e) => e.toxic.name === toxic.name)?.stage.update(toxic.attributes);
  }

  /** Hand the stage's queue on in order, then splice it out, all in this turn. */
  removeToxic(name: string): void {
    const i = this.stages.findIndex((e) => e.toxic.name === name);
    if (i < 0) return;
    const { stage } = this.stages[i]!;
    stage.detach();
    const prev = this.stages[i - 1];
    if (prev) prev.stage.next = stage.next;
    this.stages.splice(i, 1);
  }

  dispose(): void {
    for (const e of this.stages) e.stage.dispose();
  }

  private write(data: Buffer): void {
    if (this.dst.destroyed || this.dst.writableEnded) return;
    this.count(data.length);
    this.traffic.sent += data.length;
    if (!this.dst.write(data)) {
      this.sinkBlocked = true;
      this.flow();
    }
  }

  private dropped(bytes: number): void {
    this.buffered -= bytes;
    this.flow();
  }

  private flow(): void {
    if (!this.paused && (this.sinkBlocked || this.buffered > HIGH_WATER)) {
      this.paused = true;
      this.src.pause();
    } else if (this.paused && !this.sinkBlocked && this.buffered < LOW_WATER) {
      this.paused = false;
      this.src.resume();
    }
  }

  private sourceEnded(kind: EndKind): void {
    if (this.sourceDone) return;
    this.sourceDone = true;
    const head = this.stages[0];
    if (head) head.stage.end(kind);
    else this.finish(kind);
  }

  // EOF half-closes the destination; a toxic's close closes it fully (the other direction then
  // sees its source close); a reset sends RST both ways
  private finish(kind: EndKind): void {
    if (this.finished) return;
    this.finished = true;
    if (kind === 'reset') {
      if (!this.dst.destroyed) this.dst.resetAndDestroy();
      if (!this.src.destroyed) this.src.resetAndDestroy();
      return;
    }
    if (this.dst.destroyed) return;
    if (kind === 'end') return void this.dst.end();
    // flush what is written, then close; a peer that never reads gets CLOSE_GRACE_MS
    const force = setTimeout(() => this.dst.destroy(), CLOSE_GRACE_MS).unref();
    this.dst.once('close', () => clearTimeout(force));
    this.dst.end(() => this.dst.destroy());
  }
}
