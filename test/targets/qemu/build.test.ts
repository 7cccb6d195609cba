// The QEMU build's patch step: the project's patch applies to Debian's colo.c (when the source is
// in the cache) and fails loudly, naming the patch, when it does not apply.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { applyPatch, patchFiles, patchHash, STABLE_UPSTREAM, upstreamOf } from '../../../targets/qemu/build.ts';
import { cacheRoot } from '../../../targets/qemu/paths.ts';

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

async function tree(colo: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'qemu-patch-'));
  dirs.push(d);
  await mkdir(join(d, 'migration'));
  await writeFile(join(d, 'migration', 'colo.c'), colo);
  return d;
}

/** The Debian qemu .dsc of the fixed build's version that .ci/qemu-setup downloaded into the cache, if any. */
async function debianDsc(): Promise<string | null> {
  const src = join(cacheRoot(), 'src');
  if (!existsSync(src)) return null;
  for (const v of await readdir(src)) {
    if (upstreamOf(v) !== STABLE_UPSTREAM) continue;
    const dsc = (await readdir(join(src, v))).find((f) => f.endsWith('.dsc'));
    if (dsc) return join(src, v, dsc);
  }
  return null;
}

describe('QEMU patches', () => {
  test('the patch set is non-empty and its hash is stable', async () => {
    expect((await patchFiles()).length).toBeGreaterThan(0);
    expect(await patchHash()).toMatch(/^[0-9a-f]{12}$/);
    expect(await patchHash()).toBe(await patchHash());
  });

  test('patches are per upstream version: 7.2 and 10.0 have their own, an unknown version none', async () => {
    expect(upstreamOf('1:10.0.13+ds-0+deb13u1')).toBe('10.0');
    expect(upstreamOf('1:7.2+dfsg-7+deb12u18')).toBe('7.2');
    expect((await patchFiles('10.0')).length).toBeGreaterThan(0);
    expect(await patchHash('10.0')).not.toBe(await patchHash('7.2'));
    expect(await patchFiles('99.9')).toEqual([]);
  });

  test('a patch that does not apply fails loudly, naming the patch and the version', async () => {
    const d = await tree('int main(void) { return 0; }\n');
    const [patch] = await patchFiles();
    await expect(applyPatch(d, patch!, '1:7.2+test')).rejects.toThrow(/0001-colo-tcg-bql-and-flush\.patch no longer applies to Debian qemu 1:7\.2\+test/);
  });

  test('the patch applies to Debian\'s qemu source as dpkg-source unpacks it', async (ctx) => {
    const dsc = await debianDsc();
    if (!dsc) return ctx.skip('Debian qemu source not downloaded (run .ci/qemu-setup)');
    const d = await mkdtemp(join(tmpdir(), 'qemu-src-'));
    dirs.push(d);
    await execa('dpkg-source', ['-x', dsc, join(d, 'src')]);
    for (const p of await patchFiles()) await applyPatch(join(d, 'src'), p, 'cached');
    const colo = await readFile(join(d, 'src', 'migration', 'colo.c'), 'utf8');
    expect(colo).toContain('colo_tcg_flush_before_start();\n    vm_start();');
    expect(colo).toMatch(/qemu_mutex_lock_iothread\(\);\n    qemu_savevm_live_state\(s->to_dst_file\);\n    qemu_mutex_unlock_iothread\(\);/);
  }, 60_000);
});
