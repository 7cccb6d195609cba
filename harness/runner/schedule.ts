// Runs a case's fault schedule: for each fault, arm a breakpoint on the phase's owner, wait until
// it reports `paused`, inject, `continue`. Targets without breakpoints inject on the phase event.
// Every injected fault is healed after its duration, and in any case by healAll().
import type { FaultSpec } from '../model/case.ts';
import { phaseOwner } from '../model/phases.ts';
import type { StartedPair } from '../model/target.ts';
import { FAULTS, type ActiveFault, type FaultEnv } from '../../faults/index.ts';
import type { Timeline } from './timeline.ts';

interface Injected {
  index: number;
  spec: FaultSpec;
  active: ActiveFault;
  healed: boolean;
  timer?: NodeJS.Timeout;
}

export class ScheduleRun {
  private injected: Injected[] = [];
  private healing: Promise<void>[] = [];

  constructor(
    private readonly pair: StartedPair,
    private readonly timeline: Timeline,
    private readonly env: FaultEnv,
    private readonly landTimeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Inject every fault in order; faults with the same `at` land together at one breakpoint
   * (e.g. cut a link and crash the primary while the secondary is paused). Throws, saying which
   * fault did not land, if one cannot be placed.
   */
  async run(faults: readonly FaultSpec[]): Promise<void> {
    for (let i = 0; i < faults.length; ) {
      const group: Array<[number, FaultSpec]> = [];
      for (let j = i; j < faults.length && sameAt(faults[j]!, faults[i]!); j++) group.push([j, faults[j]!]);
      await this.land(group);
      i += group.length;
    }
  }

  /** Faults still active (not healed yet). */
  active(): FaultSpec[] {
    return this.injected.filter((i) => !i.healed).map((i) => i.spec);
  }

  async healAll(): Promise<void> {
    for (const i of this.injected) await this.heal(i);
    await Promise.all(this.healing);
  }

  private async land(group: Array<[number, FaultSpec]>): Promise<void> {
    const [index, spec] = group[0]!;
    const { phase, checkpoint, bytes } = spec.at;
    const owner = phaseOwner(phase);
    const from = this.timeline.events.length;
    const where = `${phase} of checkpoint ${checkpoint}`;
    if (!this.pair.alive(owner)) throw new Error(`fault ${index} (${spec.kind}) cannot land at ${where}: the ${owner} is not running any more`);
    if (this.pair.capabilities.breakpoints) {
      await this.pair.arm(owner, phase, checkpoint, bytes);
      await this.timeline.waitFor(
        (e) => (e.type === 'paused' && e.role === owner && e.phase === phase && e.checkpoint === checkpoint) || (e.type === 'exit' && e.role === owner),
        this.landTimeoutMs, `the ${owner} to pause at ${where} (fault ${index}, ${spec.kind})`, { from, ...(this.signal ? { signal: this.signal } : {}) },
      ).then((e) => {
        if (e.type === 'exit') throw new Error(`the ${owner} exited before it reached ${where} (fault ${index}, ${spec.kind})`);
      });
    } else {
      await this.timeline.waitFor(
        (e) => e.type === 'phase' && e.role === owner && e.phase === phase && e.checkpoint === checkpoint,
        this.landTimeoutMs, `the ${owner} to reach ${where} (fault ${index}, ${spec.kind})`, { from, ...(this.signal ? { signal: this.signal } : {}) },
      );
    }
    for (const [i, s] of group) await this.inject(i, s);
    if (this.pair.capabilities.breakpoints && this.pair.alive(owner)) {
      // not awaited: a hung owner reads `continue` only after SIGCONT
      this.pair.continue(owner).catch(() => undefined);
    }
  }

  private async inject(index: number, spec: FaultSpec): Promise<void> {
    const active = await FAULTS[spec.kind].inject(spec, this.env);
    const entry: Injected = { index, spec, active, healed: false };
    this.injected.push(entry);
    this.timeline.add({ type: 'fault-inject', fault: spec, index });
    if (spec.durationMs !== undefined) {
      entry.timer = setTimeout(() => this.healing.push(this.heal(entry)), spec.durationMs);
    }
  }

  private async heal(i: Injected): Promise<void> {
    if (i.healed) return;
    i.healed = true;
    clearTimeout(i.timer);
    await i.active.heal();
    this.timeline.add({ type: 'fault-heal', fault: i.spec, index: i.index });
  }
}

function sameAt(a: FaultSpec, b: FaultSpec): boolean {
  return a.at.phase === b.at.phase && a.at.checkpoint === b.at.checkpoint && a.at.bytes === b.at.bytes;
}
