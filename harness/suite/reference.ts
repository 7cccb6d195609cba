// Which build of the reference pair a run used: the git tree of targets/colo-ref as committed,
// and whether the working copy differs from it. A failure points at the harness only when the
// pair is the unmodified reference (reports/words.ts cleanReferencePair).
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REFERENCE_DIR = 'targets/colo-ref';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GIT_MS = 10_000;

/** `git:<tree>` (unmodified), `git:<tree>+local-changes`, or `unknown: <why>`. */
export async function referenceTree(root = ROOT): Promise<string> {
  const git = (args: string[]) => execa('git', args, { cwd: root, timeout: GIT_MS, stdin: 'ignore' });
  try {
    const tree = (await git(['rev-parse', `HEAD:${REFERENCE_DIR}`])).stdout.trim();
    const changes = (await git(['status', '--porcelain', '--untracked-files=all', '--', REFERENCE_DIR])).stdout.trim();
    return `git:${tree}${changes ? '+local-changes' : ''}`;
  } catch (e) {
    return `unknown: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`.split('\n')[0]!;
  }
}
