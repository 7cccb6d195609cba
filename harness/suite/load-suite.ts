// A suite file -> its default function (loaded wherever the file is: core/load-module.ts).
import { importDefault } from '../../core/load-module.ts';

type SuiteFn = (ctx: never) => unknown;

export async function loadSuite(file: string): Promise<SuiteFn> {
  const fn = await importDefault(file);
  if (typeof fn !== 'function') throw new Error(`suite ${file} must export a default function (ctx: SuiteContext) => void`);
  return fn as SuiteFn;
}
