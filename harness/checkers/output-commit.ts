// output-commit: every response a client received is in the survivor's output journal with the
// same hash; one that is not escaped before the state that produced it was replicated.
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { describeOp, notRead, ofType } from './facts.ts';

export const outputCommit: Checker = {
  name: 'output-commit',
  check(input) {
    if (input.survivor === null) return result('output-commit', [], 'no replica survived, so there is no output journal to check against');
    const state = input.states[input.survivor];
    if (!state) return result('output-commit', [], `the survivor (${input.survivor}) did not report its output journal${notRead(input.stateErrors?.[input.survivor])}`);
    if (!input.responseHash) return result('output-commit', [], `the target does not define how its guest hashes a response`);
    const journal = new Map(state.outputs);
    // the journal is a ring: seqs older than its oldest entry can no longer be judged
    const oldest = state.outputs.length ? Math.min(...state.outputs.map(([s]) => s)) : 0;
    const v: string[] = [];
    for (const op of ofType(input.events, 'op')) {
      if ((op.op !== 'ok' && op.op !== 'fail') || op.seq === undefined || op.seq < oldest) continue;
      const line = (op.value as { line?: string }).line;
      if (line === undefined) continue;
      const have = journal.get(op.seq);
      const got = input.responseHash(line);
      if (have === undefined) {
        v.push(`client ${op.process} received response seq ${op.seq} to ${describeOp(op.value)} from the ${op.server} at ${op.t.toFixed(0)} ms, but the survivor's (${input.survivor}) journal has no seq ${op.seq}: it escaped before it was replicated`);
      } else if (have !== got) {
        v.push(`client ${op.process} received response seq ${op.seq} to ${describeOp(op.value)} from the ${op.server}, but the survivor (${input.survivor}) journalled a different response for seq ${op.seq}: it escaped before it was replicated`);
      }
      if (v.length >= 5) break; // the first few say enough
    }
    return result('output-commit', v);
  },
};
