// Exploration cases for a suite: case i is `explore-<i>`, its schedule drawn from a Random seeded
// with the case's own seed, so the stored seed alone regenerates the stored schedule.
import type { Case, FaultSpec } from '../../core/model/case.ts';
import type { SuiteContext } from '../suite/context.ts';
import { Random } from '../../core/random.ts';
import { schedule, type FaultAt } from '../suite/cases.ts';
import { randomSchedule } from './schedule.ts';
import { spaceFor, type Space } from './space.ts';

/** The schedule a seed stands for. */
export function scheduleOf(seed: number, space: Space): FaultSpec[] {
  return randomSchedule(new Random(seed), space);
}

export function toFaultAt(f: FaultSpec): FaultAt {
  return {
    phase: f.at.phase, checkpoint: f.at.checkpoint, fault: f.kind,
    ...(f.at.bytes !== undefined ? { bytes: f.at.bytes } : {}),
    ...(f.role ? { role: f.role } : {}), ...(f.link ? { link: f.link } : {}), ...(f.direction ? { direction: f.direction } : {}),
    ...(f.durationMs !== undefined ? { durationMs: f.durationMs } : {}), ...(f.params ? { params: f.params } : {}),
  };
}

export function explorationId(index: number): string {
  return `explore-${String(index).padStart(4, '0')}`;
}

/** Cases `from` .. `from + count - 1`; ids do not depend on how many are asked for. */
export function explorationCases(ctx: SuiteContext, count: number, from = 0): Case[] {
  const space = spaceFor(ctx.driver, ctx.failover);
  return Array.from({ length: count }, (_, k) => {
    const id = explorationId(from + k);
    return schedule(ctx, id, scheduleOf(ctx.caseSeed(id), space).map(toFaultAt));
  });
}
