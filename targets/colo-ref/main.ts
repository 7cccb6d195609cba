// Entry of one colo-ref replica: `node --import tsx targets/colo-ref/main.ts --role primary|secondary ...`
// (the harness runs a bundle of it with plain node: harness/suite/entry.ts).
// Bad arguments or a peer that never appears: one line on stderr, exit 2. Protocol error: exit 1.
import { parseOptions, type Options } from './options.ts';
import { Control } from './control.ts';
import { PeerMissingError } from './net.ts';
import { runPrimary } from './primary/main.ts';
import { runSecondary } from './secondary/main.ts';

function die(code: number, line: string): never {
  process.stderr.write(`colo-ref: ${line}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    die(2, (e as Error).message);
  }
  process.on('uncaughtException', (e) => die(e instanceof PeerMissingError ? 2 : 1, `${o.role}: ${e.message}`));
  process.on('unhandledRejection', (e) => die(e instanceof PeerMissingError ? 2 : 1, `${o.role}: ${(e as Error)?.message ?? String(e)}`));
  const control = await Control.connect(o.control, o.role, o.connectTimeout);
  await (o.role === 'primary' ? runPrimary(o, control) : runSecondary(o, control));
}

void main();
