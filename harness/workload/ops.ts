// The workload's operation mix: bank transfers and balance reads, kv puts and gets.
import type { Random } from '../../core/random.ts';
import type { GuestRequest } from '../../core/guest-client.ts';

export function nextOp(random: Random, accounts: number): GuestRequest {
  const roll = random.int(0, 99);
  if (roll < 45) {
    const from = random.int(0, accounts - 1);
    const to = (from + random.int(1, accounts - 1)) % accounts;
    return { op: 'transfer', from, to, amount: random.int(1, 20) };
  }
  if (roll < 60) return { op: 'balances' };
  const key = `k${random.int(0, 7)}`;
  if (roll < 85) return { op: 'put', key, value: `v${random.int(0, 1_000_000)}` };
  return { op: 'get', key };
}
