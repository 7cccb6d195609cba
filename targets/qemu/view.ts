// QEMU's own view of a replica, for the case record: runstate (query-status), COLO mode, last mode
// and exit reason (query-colo-status), migration status (query-migrate). Each query is bounded: a
// QEMU that is stopped, dead or blocked holding its big lock says "no answer" instead.
import type { Role } from '../../core/model/phases.ts';
import type { TargetEvent } from '../../core/model/target.ts';
import type { QmpClient } from './qmp.ts';

export type View = Record<string, string | number | null>;

export const VIEW_MS = 250;

export async function queryView(q: QmpClient | undefined, alive: boolean, timeoutMs = VIEW_MS): Promise<View> {
  if (!alive || !q) return { status: 'not running' };
  const ask = <T>(cmd: string): Promise<T | null> => q.execute<T>(cmd, undefined, timeoutMs).catch(() => null);
  const [status, colo, mig] = await Promise.all([
    ask<{ status: string }>('query-status'),
    ask<{ mode: string; 'last-mode'?: string; reason: string }>('query-colo-status'),
    ask<{ status?: string }>('query-migrate'),
  ]);
  return {
    status: status?.status ?? 'no answer',
    'colo-mode': colo?.mode ?? null, 'colo-last-mode': colo?.['last-mode'] ?? null, 'colo-reason': colo?.reason ?? null,
    migration: mig ? mig.status ?? 'none' : null,
  };
}

/** Record both sides' views at `when` (each a `view` event). */
export async function recordViews(
  when: string, qmp: Partial<Record<Role, QmpClient>>, alive: (r: Role) => boolean, emit: (e: TargetEvent) => void,
): Promise<void> {
  const roles = ['primary', 'secondary'] as const;
  const views = await Promise.all(roles.map((r) => queryView(qmp[r], alive(r))));
  roles.forEach((role, i) => emit({ type: 'view', role, when, view: views[i]! }));
}
