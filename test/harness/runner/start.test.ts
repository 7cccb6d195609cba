// startOnFreshPorts on the real embedded fault network: a port-taken start is tried again on a new
// topology (the old one removed), anything else fails at once, and the retries are bounded.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFaultNetwork, type FaultNetwork } from '../../../faults/network/index.ts';
import { START_ATTEMPTS, startOnFreshPorts } from '../../../harness/runner/start.ts';
import { startAgainError } from '../../../core/start-errors.ts';
import { PortTakenError } from '../../../core/ports.ts';
import { coloRefDriver } from '../../../targets/colo-ref/driver.ts';
import type { LinkProxy } from '../../../core/model/target.ts';

let network: FaultNetwork;
beforeAll(async () => { network = await startFaultNetwork({ backend: 'embedded' }); });
afterAll(async () => { await network?.stop(); });

const names = async (): Promise<string[]> => Object.keys(await network.client.getAll()).sort();

test('port taken twice: the third attempt starts on its own proxies; the failed topologies are gone', async () => {
  const seen: Array<ReadonlyMap<string, LinkProxy>> = [];
  const told: number[] = [];
  const { pair, topology } = await startOnFreshPorts(coloRefDriver, network.client, 'retry-a', async (proxies, attempt) => {
    seen.push(proxies);
    if (attempt < 3) throw new PortTakenError(`attempt ${attempt}`);
    return 'started';
  }, (_e, attempt) => { told.push(attempt); return true; });
  expect(pair).toBe('started');
  expect(told).toEqual([1, 2]);
  expect(seen.map((p) => p.get('checkpoint')!.name)).toEqual(['retry-a-checkpoint', 'retry-a-2-checkpoint', 'retry-a-3-checkpoint']);
  expect(new Set(seen.map((p) => p.get('checkpoint')!.upstream)).size).toBe(3); // fresh ports each time
  expect(await names()).toEqual(topology.networkNames.sort());
  await topology.remove();
});

test('another error, a port taken too often, or a veto: no more attempts, nothing left on the network', async () => {
  let calls = 0;
  await expect(startOnFreshPorts(coloRefDriver, network.client, 'retry-b', async () => { calls++; throw new Error('bad option'); })).rejects.toThrow('bad option');
  expect(calls).toBe(1);
  calls = 0;
  await expect(startOnFreshPorts(coloRefDriver, network.client, 'retry-c', async () => { calls++; throw new PortTakenError('always'); })).rejects.toThrow(/^EADDRINUSE: always/);
  expect(calls).toBe(START_ATTEMPTS);
  calls = 0;
  await expect(startOnFreshPorts(coloRefDriver, network.client, 'retry-d', async () => { calls++; throw new PortTakenError('once'); }, () => false)).rejects.toThrow(/EADDRINUSE/);
  expect(calls).toBe(1);
  expect(await names()).toEqual([]);
});

test('a start the driver calls a rare chance of its own (startAgainError) is tried again too, bounded alike', async () => {
  let calls = 0;
  const { pair, topology } = await startOnFreshPorts(coloRefDriver, network.client, 'retry-e', async () => {
    if (++calls === 1) throw startAgainError('the secondary\'s guest panicked right after the initial sync');
    return 'started';
  });
  expect([pair, calls]).toEqual(['started', 2]);
  await topology.remove();
  calls = 0;
  await expect(startOnFreshPorts(coloRefDriver, network.client, 'retry-f', async () => { calls++; throw startAgainError('every time'); })).rejects.toThrow('every time');
  expect(calls).toBe(START_ATTEMPTS);
  expect(await names()).toEqual([]);
});
