// The delegating commands: proxy (faults/proxy/cli.ts), bench <name> (bench/<name>.ts run(args)),
// report / diff (reports/index.ts) and qemu build (targets/qemu/build.ts). Each loads its module
// only when used, and says clearly when it is missing.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadReports } from '../../suite/reports.ts';
import { ExitError, EXIT } from '../errors.ts';

async function load(rel: string, what: string): Promise<Record<string, unknown>> {
  const url = new URL(rel, import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new ExitError(EXIT.error, `${what} is not available: ${fileURLToPath(url)} does not exist`);
  return (await import(url.href)) as Record<string, unknown>;
}

function fn<T extends (...a: never[]) => unknown>(mod: Record<string, unknown>, name: string, where: string): T {
  if (typeof mod[name] !== 'function') throw new ExitError(EXIT.error, `${where} exports no ${name}()`);
  return mod[name] as T;
}

export function registerTools(program: Command): void {
  program.command('proxy')
    .description('run the embedded Toxiproxy-compatible server')
    .option('--host <host>', 'listen host', '127.0.0.1')
    .option('--port <port>', 'API port', '8474')
    .option('--seed <n>', 'seed for the toxics\' randomness', '1')
    .option('--proxy-metrics', 'serve byte counters per proxy on /metrics (toxiproxy-server -proxy-metrics)')
    .option('--runtime-metrics', 'serve process metrics on /metrics (toxiproxy-server -runtime-metrics)')
    .action(async (o: { host: string; port: string; seed: string; proxyMetrics?: boolean;
      runtimeMetrics?: boolean; }) => {
      const port = Number(o.port);
      const seed = Number(o.seed);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ExitError(EXIT.error, `--port "${o.port}" must be a port number (1-65535)`);
      if (!Number.isSafeInteger(seed)) throw new ExitError(EXIT.error, `--seed "${o.seed}" must be an integer`);
      const mod = await load('../../../faults/proxy/cli.ts', 'the embedded proxy');
      const run = fn<(o: Record<string, unknown>) => Promise<unknown>>(mod, 'runProxyServer', 'faults/proxy/cli.ts');
      await run({ host: o.host, port, seed, proxyMetrics: o.proxyMetrics === true,
        runtimeMetrics: o.runtimeMetrics === true });
    });

  program.command('bench')
    .description('run a benchmark from bench/ (e.g. matrix)')
    .argument('<name>', 'benchmark name')
    .argument('[args...]', 'passed to its run(args)')
    .allowUnknownOption()
    .action(async (name: string, args: string[]) => {
      const dir = fileURLToPath(new URL('../../../bench/', import.meta.url));
      const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)) : [];
      if (!names.includes(name)) throw new ExitError(EXIT.error, `unknown benchmark "${name}"; valid: ${names.join(', ') || '(none)'}`);
      const mod = await load(`../../../bench/${name}.ts`, `benchmark ${name}`);
      const code = await fn<(a: string[]) => Promise<unknown>>(mod, 'run', `bench/${name}.ts`)(args);
      if (typeof code === 'number') throw new ExitError(code);
    });

  program.command('report')
    .description('rebuild report.html, junit.xml and summary.md of a run from its store')
    .argument('<run-dir>')
    .action(async (runDir: string) => {
      const mod = await loadReports();
      await fn<(d: string) => Promise<void>>(mod, 'rebuildReports', 'reports/index.ts')(runDir);
      process.stdout.write(`reports written to ${runDir}\n`);
    });

  program.command('diff')
    .description('compare two runs case by case (exit 1 when cases newly fail in <b>: a nightly gate)')
    .argument('<a>').argument('<b>')
    .action(async (a: string, b: string) => {
      const mod = await loadReports();
      const out = await fn<(a: string, b: string) => Promise<{ text: string; newlyFailing: string[] }>>(mod, 'diffRuns', 'reports/index.ts')(a, b);
      process.stdout.write(out.text.endsWith('\n') ? out.text : out.text + '\n');
      if (out.newlyFailing.length) throw new ExitError(EXIT.fail);
    });

  const qemu = program.command('qemu').description('real QEMU COLO target tools');
  qemu.command('build')
    .description('build the fixed QEMU used by the qemu target (--newer: the newer QEMU of the version matrix)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const { newer, ...flags } = parseFlags(args);
      const [file, name] = newer ? ['build-newer.ts', 'buildNewerQemu'] : ['build.ts', 'buildQemu'];
      const mod = await load(`../../../targets/qemu/${file}`, 'the QEMU build');
      await fn<(o: Record<string, unknown>) => Promise<unknown>>(mod, name, `targets/qemu/${file}`)(flags);
    });
}

/** --key value / --flag pairs -> { key: value | true } for the delegated builders. */
function parseFlags(args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(args[i]!);
    if (!m) throw new ExitError(EXIT.error, `unexpected argument "${args[i]}"; options look like --name value`);
    const key = m[1]!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (m[2] !== undefined) out[key] = m[2];
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) out[key] = args[++i];
    else out[key] = true;
  }
  return out;
}
