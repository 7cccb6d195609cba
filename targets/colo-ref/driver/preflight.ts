// Before any case starts: the case options (-o key=value, a suite's own) must be ones a replica
// accepts, checked by the replica's own parser, so a typo is one line and exit 2 instead of a
// run of cases that are all unknown ("secondary exited 2").
import { parseOptions } from '../options.ts';
import { optionArgs } from './args.ts';

/** Both roles' wiring, with placeholder addresses: only the options are being checked. */
const WIRING: Record<'primary' | 'secondary', string[]> = {
  primary: ['--checkpoint-connect', '127.0.0.1:1', '--mirror-connect', '127.0.0.1:1', '--svm-out-listen', '1', '--heartbeat-connect', '127.0.0.1:1'],
  secondary: ['--checkpoint-listen', '1', '--mirror-listen', '1', '--svm-out-connect', '127.0.0.1:1', '--heartbeat-listen', '1'],
};

/** ram-channels=N: the driver wires one link per channel; the placeholders stand for them here. */
function ramWiring(role: 'primary' | 'secondary', options: Record<string, string | number | boolean>): string[] {
  const n = Number(options['ram-channels'] ?? options.ramChannels ?? 1);
  if (!Number.isInteger(n) || n < 2 || n > 64) return [];
  return role === 'primary' ? ['--ram-connect', Array(n).fill('127.0.0.1:1').join(',')] : ['--ram-listen', Array(n).fill('1').join(',')];
}

export async function checkOptions(options: Record<string, string | number | boolean>, failover: 'auto' | 'manual'): Promise<void> {
  for (const role of ['primary', 'secondary'] as const) {
    try {
      parseOptions(['--role', role, '--control', '127.0.0.1:1', '--client-listen', '1', ...WIRING[role], ...ramWiring(role, options),
        '--failover', failover, ...optionArgs(options)]);
    } catch (e) {
      // name the option the parser refused, as the user wrote it (camelCase key=value)
      const flag = /--([a-z][a-z-]*)/.exec((e as Error).message)?.[1] ?? '';
      const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const which = key in options ? ` ${key}=${String(options[key])}` : '';
      throw new Error(`colo-ref target option${which} rejected: ${(e as Error).message}`);
    }
  }
}

/** The options a case can set (-o key=value) with their defaults, from the replica's own parser. */
export function optionDefaults(): Record<string, unknown> {
  const all = parseOptions(['--role', 'primary', '--control', '127.0.0.1:1', '--client-listen', '1', ...WIRING.primary]) as unknown as Record<string, unknown>;
  const wiring = (k: string): boolean => ['role', 'control', 'seed', 'bug', 'failover'].includes(k) || /(Listen|Connect)$/.test(k);
  return Object.fromEntries(Object.entries(all).filter(([k]) => !wiring(k)));
}
