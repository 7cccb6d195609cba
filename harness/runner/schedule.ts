// Runs a case's fault schedule: for each fault, arm a breakpoint on the phase's owner, wait until
// it reports `paused`, inject, `continue`. Targets without breakpoints inject on the phase event.
// Every injected fault is healed after its duration, and in any case by healAll().
import type { FaultSpec } from '../../core/model/case.ts';
import type { TimelineEvent } from '../../core/model/events.ts';
import { phaseOwner } from '../../core/model/phases.ts';
import type { StartedPair } from '../../core/model/target.ts';
import { disturbs, FAULTS, type ActiveFault, type FaultEnv } from '../../faults/index.ts';
import { targetRole } from '../../faults/process.ts';
import type { Timeline } from './timeline.ts';
import { untilHeld } from './held.ts';

/** A fault that should land while output is held waits at most this long for some (the guest runs meanwhile). */
const HELD_WAIT_MS = 1000;
/** Once the pair left replication by itself, a breakpoint of a step already under way gets this long. */
const LEFT_GRACE_MS = 1000;

/** The pair stopped replicating: no checkpoint phase follows (a primary alone or fenced, a secondary that took over or stood down). */
function leftReplication(e: TimelineEvent): boolean {
  return e.type === 'standalone' || e.type === 'failover' || e.type === 'fenced';
}

function leftWords(e: TimelineEvent): string {
  if (e.type === 'standalone') return `the primary went standalone (${e.reason})`;
  if (e.type === 'failover') return 'the secondary took over';
  if (e.type === 'fenced') return `the ${e.role} fenced itself (${e.reason})`;
  return e.type;
}

interface Injected {
  index: number;
  spec: FaultSpec;
  active: ActiveFault;
  healed: boolean;
  /** Timeline ms the fault was in place. */
  injectedAt: number;
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
    const groups: Array<Array<[number, FaultSpec]>> = [];
    for (let i = 0; i < faults.length; ) {
      const group: Array<[number, FaultSpec]> = [];
      for (let j = i; j < faults.length && sameAt(faults[j]!, faults[i]!); j++) group.push([j, faults[j]!]);
      groups.push(group);
      i += group.length;
    }
    let armedFrom: number | undefined;
    for (let g = 0; g < groups.length; g++) armedFrom = await this.land(groups[g]!, armedFrom, groups[g + 1]);
  }

  /** Faults still active (not healed yet). */
  active(): FaultSpec[] {
    return this.injected.filter((i) => !i.healed).map((i) => i.spec);
  }

  /**
   * Timeline ms at which the last timed fault still active that stopped a live replica ends (its
   * heal wakes it), or null when there is none.
   */
  wakeAt(): number | null {
    const at = this.injected
      .filter((i) => !i.healed && i.spec.durationMs !== undefined && disturbs(i.spec.kind) === 'process-stops' && this.pair.alive(targetRole(i.spec)))
      .map((i) => i.injectedAt + i.spec.durationMs!);
    return at.length ? Math.max(...at) : null;
  }

  async healAll(): Promise<void> {
    for (const i of this.injected) await this.heal(i);
    await Promise.all(this.healing);
  }

  /**
   * Land one group at its breakpoint (armed already when `armedFrom` is the timeline index from
   * which its `paused` counts). The next group's breakpoint is armed before `continue`, so a
   * schedule of consecutive phases lands by construction; returns its timeline index.
   */
  private async land(group: Array<[number, FaultSpec]>, armedFrom: number | undefined, next?: Array<[number, FaultSpec]>): Promise<number | undefined> {
    const [index, spec] = group[0]!;
    const { phase, checkpoint } = spec.at;
    const owner = phaseOwner(phase);
    const from = armedFrom ?? this.timeline.events.length;
    const where = `${phase} of checkpoint ${checkpoint}`;
    if (!this.pair.alive(owner)) throw new Error(`fault ${index} (${spec.kind}) cannot land at ${where}: the ${owner} is not running any more`);
    if (this.pair.capabilities.breakpoints) {
      if (armedFrom === undefined) await this.arm(spec);
      const paused = (e: TimelineEvent): boolean => (e.type === 'paused' && e.role === owner && e.phase === phase && e.checkpoint === checkpoint) || (e.type === 'exit' && e.role === owner);
      const what = `the ${owner} to pause at ${where} (fault ${index}, ${spec.kind})`;
      const opts = { from, ...(this.signal ? { signal: this.signal } : {}) };
      // (the pair may have left while the previous group was injected, before this breakpoint was armed)
      const seen = this.timeline.events.find(leftReplication) ??
        await this.timeline.waitFor((e) => paused(e) || leftReplication(e), this.landTimeoutMs, what, opts).catch((e: Error) => {
          throw new Error(`${e.message}; the ${owner}'s last phase was ${this.lastPhase(owner)}`);
        });
      // the pair stopped replicating by itself: the breakpoint can only still come from a step under way
      const e = paused(seen) ? seen : await this.timeline.waitFor(paused, this.graceMs(), what, opts).catch(() => {
        throw new Error(`the pair stopped replicating before fault ${index} (${spec.kind}) could land at ${where}: ${leftWords(seen)} at ${seen.t.toFixed(0)} ms${this.injected.length ? '' : ', with no fault injected yet (a replica starved on a loaded machine misses its heartbeat or lease)'}; the ${owner}'s last phase was ${this.lastPhase(owner)}`);
      });
      if (e.type === 'exit') throw new Error(`the ${owner} exited before it reached ${where} (fault ${index}, ${spec.kind})`);
    } else {
      await this.timeline.waitFor(
        (e) => e.type === 'phase' && e.role === owner && e.phase === phase && e.checkpoint === checkpoint,
        this.landTimeoutMs, `the ${owner} to reach ${where} (fault ${index}, ${spec.kind})`, { from, ...(this.signal ? { signal: this.signal } : {}) },
      );
    }
    if (spec.at.whileHeld && !(await untilHeld(this.timeline, HELD_WAIT_MS, this.signal))) {
      this.timeline.add({ type: 'note', message: `fault ${index} (${spec.kind}) at ${where}: the primary held no output within ${HELD_WAIT_MS} ms; injected anyway` });
    }
    for (const [i, s] of group) await this.inject(i, s);
    if (!this.pair.capabilities.breakpoints || !this.pair.alive(owner)) return undefined;
    const nextSpec = next?.[0]?.[1];
    let nextFrom: number | undefined;
    if (nextSpec && this.pair.alive(phaseOwner(nextSpec.at.phase))) {
      nextFrom = this.timeline.events.length;
      await this.arm(nextSpec);
    }
    // not awaited: a hung owner reads `continue` only after SIGCONT
    this.pair.continue(owner).catch(() => undefined);
    return nextFrom;
  }

  /** After the pair left replication: LEFT_GRACE_MS past the last heal still to come (a hung replica goes on once woken). */
  private graceMs(): number {
    const now = this.timeline.now();
    const heals = this.injected.filter((i) => !i.healed && i.spec.durationMs !== undefined).map((i) => i.injectedAt + i.spec.durationMs! - now);
    return LEFT_GRACE_MS + Math.max(0, ...heals);
  }

  /** e.g. "S0 of checkpoint 1683" (a pair already past the armed checkpoint never pauses there). */
  private lastPhase(role: string): string {
    const e = this.timeline.events.filter((x) => x.type === 'phase' && x.role === role).at(-1);
    return e?.type === 'phase' ? `${e.phase} of checkpoint ${e.checkpoint}` : 'none';
  }

  private arm(spec: FaultSpec): Promise<void> {
    return this.pair.arm(phaseOwner(spec.at.phase), spec.at.phase, spec.at.checkpoint, spec.at.bytes);
  }

  private async inject(index: number, spec: FaultSpec): Promise<void> {
    const issuedAt = this.timeline.now();
    const issuedEpoch = Date.now();
    const active = await FAULTS[spec.kind].inject(spec, this.env);
    const entry: Injected = { index, spec, active, healed: false, injectedAt: this.timeline.now() };
    this.injected.push(entry);
    this.timeline.add({ type: 'fault-inject', fault: spec, index, issuedAt, issuedEpoch });
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
