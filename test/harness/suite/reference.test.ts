import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { referenceTree } from '../../../harness/suite/reference.ts';
import { referenceBuild } from '../../../reports/words.ts';
import { loadDriver } from '../../../harness/targets.ts';

// the tree colo-ref's driver declares as the reference pair
const DIR = (await loadDriver('colo-ref')).reference!.dir;

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-reference-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

test('the reference pair is its committed tree; local changes or no git checkout are not the reference', async () => {
  const repo = join(root, 'repo');
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], { cwd: repo });
  await mkdir(join(repo, 'targets/colo-ref'), { recursive: true });
  await writeFile(join(repo, 'targets/colo-ref/a.ts'), 'export const a = 1;\n');
  await git('init', '-q');
  await git('add', '.');
  await git('commit', '-q', '-m', 'reference');
  const tree = (await git('rev-parse', 'HEAD:targets/colo-ref')).stdout.trim();
  expect(await referenceTree(DIR, repo)).toBe(`git:${tree}`);
  expect(referenceBuild({ 'colo-ref': await referenceTree(DIR, repo) })).toBe('reference');
  // a change elsewhere in the repo is not a change of the pair
  await writeFile(join(repo, 'other.ts'), 'x\n');
  expect(await referenceTree(DIR, repo)).toBe(`git:${tree}`);
  await writeFile(join(repo, 'targets/colo-ref/a.ts'), 'export const a = 2; // a planted bug\n');
  expect(await referenceTree(DIR, repo)).toBe(`git:${tree}+local-changes`);
  expect(referenceBuild({ 'colo-ref': await referenceTree(DIR, repo) })).toBe('changed');
  await git('checkout', '-q', '--', 'targets/colo-ref');
  await writeFile(join(repo, 'targets/colo-ref/new.ts'), 'export {};\n');
  expect(await referenceTree(DIR, repo)).toBe(`git:${tree}+local-changes`);
  const plain = join(root, 'plain');
  await mkdir(plain);
  expect(await referenceTree(DIR, plain)).toMatch(/^unknown: /);
  expect(referenceBuild({ 'colo-ref': await referenceTree(DIR, plain) })).toBe('unknown');
});
