// A case run twice (run, then repro: two sessions, each with its own fault network, opened with
// different seeds) gets the same proxy names and the same draws from the fault network: the names
// carry the case's id and seed, and a toxic's draws come from the names alone.
import { createServer, connect, type Server } from 'node:net';
import { describe, expect, test } from 'vitest';
import type { Case } from '../../../core/model/case.ts';
import type { StartedPair } from '../../../core/model/target.ts';
import { Random } from '../../../core/random.ts';
import { openSession } from '../../../harness/suite/session.ts';
import { createTopology, proxyPrefix } from '../../../harness/runner/topology.ts';
import { FAULTS } from '../../../faults/index.ts';

const BYTES = 160;

function slicedCase(seed: number): Case {
  return {
    id: 'P6-slicer-checkpoint-cp1', suite: 'replay', target: 'qemu', seed,
    // pieces of 10-70 bytes, 100 ms apart: each piece arrives on its own
    faults: [{ kind: 'slicer', link: 'checkpoint', at: { phase: 'P6', checkpoint: 1 }, params: { average_size: 40, size_variation: 30, delay: 100_000 } }],
  };
}

/** The case's proxy names, and the sizes of the pieces the slicer cut BYTES bytes into (its draws). */
async function once(c: Case, sessionSeed: number): Promise<{ names: string[]; pieces: number[] }> {
  const session = await openSession(c.target, sessionSeed, () => undefined);
  const topology = await createTopology(session.driver, session.network.client, proxyPrefix(c));
  let upstream: Server | undefined;
  try {
    const link = topology.proxies.get('checkpoint')!;
    const pieces: number[] = [];
    const got = new Promise<void>((resolve) => {
      upstream = createServer((s) => s.on('data', (d) => {
        pieces.push(d.length);
        if (pieces.reduce((a, b) => a + b, 0) >= BYTES) resolve();
      }));
      upstream.listen(Number(link.upstream.split(':')[1]), '127.0.0.1');
    });
    const env = { pair: {} as StartedPair, network: session.network.client, proxies: topology.proxies, random: new Random(c.seed).fork('faults') };
    const active = await FAULTS.slicer.inject(c.faults[0]!, env);
    const client = connect(Number(link.listen.split(':')[1]), '127.0.0.1');
    client.write(Buffer.alloc(BYTES, 7));
    await got;
    client.destroy();
    await active.heal();
    return { names: topology.networkNames, pieces };
  } finally {
    upstream?.close();
    await topology.remove();
    await session.close();
  }
}

describe('a case replays its fault network', () => {
  test('same case twice: same proxy names, same draws; another seed draws differently', async () => {
    const run = await once(slicedCase(1234), 1);
    const repro = await once(slicedCase(1234), 1234);
    expect(run.names).toEqual(repro.names);
    expect(run.names.every((n) => n.startsWith('P6-slicer-checkpoint-cp1-'))).toBe(true);
    expect(run.pieces.length).toBeGreaterThan(2);
    expect(repro.pieces).toEqual(run.pieces);
    const other = await once(slicedCase(99), 1);
    expect(other.names).not.toEqual(run.names);
    expect(other.pieces).not.toEqual(run.pieces);
  }, 60_000);
});
