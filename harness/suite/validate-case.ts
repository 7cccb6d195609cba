// A case's contract violations, in plain words (zod for the shape, validateFault for each fault).
import { z } from 'zod';
import type { Case } from '../../core/model/case.ts';
import { validateFault } from '../../faults/index.ts';
import { checkTarget } from '../targets.ts';

const caseShape = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'case ids use letters, digits, dot, dash, underscore'),
  suite: z.string(),
  target: z.string().superRefine((t, ctx) => { const problem = checkTarget(t); if (problem) ctx.addIssue({ code: 'custom', message: problem }); }),
  seed: z.number().int(),
  faults: z.array(z.unknown()).min(1, 'a case has at least one fault'),
  named: z.number().int().min(0).optional(),
  bug: z.string().optional(),
  failover: z.enum(['auto', 'manual']).optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  variant: z.string().min(1).max(40).optional(),
});

export function validateCase(c: Case): string[] {
  const parsed = caseShape.safeParse(c);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || 'case'}: ${i.message}`);
  if (c.named !== undefined && c.named >= c.faults.length) return [`named: fault ${c.named} names the case, but it has ${c.faults.length} faults`];
  return c.faults.flatMap((f, i) => validateFault(f).map((m) => `fault ${i}: ${m}`));
}
