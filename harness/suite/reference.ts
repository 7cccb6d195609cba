// Which build of a reference pair a run used (its driver's `reference.dir`, e.g. targets/colo-ref):
// the git tree as committed, and whether the working copy differs from it. A failure points at the
// harness only when the pair is the unmodified reference (reports/words.ts cleanReferencePair).
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GIT_MS = 10_000;

/** `git:<tree>` (unmodified), `git:<tree>+local-changes`, or `unknown: <why>`. */
export async function referenceTree(dir: string, root = ROOT): Promise<string> {
  const git = (args: string[]) => execa('git', args, { cwd: root, timeout: GIT_MS, stdin: 'ignore' });
  try {
    const tree = (await git(['rev-parse', `HEAD:${dir}`])).stdout.trim();
    const changes = (await git(['status', '--porcelain', '--untracked-files=all', '--', dir])).stdout.trim();
    return `git:${tree}${changes ? '+local-changes' : ''}`;
  } catch (e) {
    return `unknown: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`.split('\n')[0]!;
  }
}
