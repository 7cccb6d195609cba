// The apt entries the QEMU setup needs, derived from the machine's own apt sources at run time (no host
// names in the repo): a deb-src twin of every `deb` entry of this release (Debian's qemu source), the same
// for the next release (its newer qemu source, built here for the version matrix), and
// `<codename>-backports` (deb: a newer meson to build it with). Prints the .sources file (.ci/qemu-setup):
// `npx tsx targets/qemu/apt-sources.ts [codename] [file-to-ignore]`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AptEntry {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  signedBy?: string;
}

/** deb822 stanzas (.sources); `Enabled: no` stanzas and comment lines are skipped. */
export function parseDeb822(text: string): AptEntry[] {
  const out: AptEntry[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const f: Record<string, string> = {};
    let key = '';
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#') || !line.trim()) continue;
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m) f[(key = m[1]!.toLowerCase())] = m[2]!.trim();
      else if (key && /^\s/.test(line)) f[key] += `\n${line.trim()}`; // continuation (an inline key block)
    }
    if (!f.types || !f.uris || !f.suites || f.enabled?.toLowerCase() === 'no') continue;
    const words = (s = ''): string[] => s.split(/\s+/).filter(Boolean);
    out.push({
      types: words(f.types), uris: words(f.uris), suites: words(f.suites), components: words(f.components),
      ...(f['signed-by'] && !f['signed-by'].includes('\n') ? { signedBy: f['signed-by'] } : {}),
    });
  }
  return out;
}

/** One-line format (sources.list): `deb [signed-by=...] URI suite comp...`. */
export function parseOneLine(text: string): AptEntry[] {
  const out: AptEntry[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\s*(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(raw);
    if (!m) continue;
    const signedBy = /signed-by=(\S+)/.exec(m[2] ?? '')?.[1];
    out.push({ types: [m[1]!], uris: [m[3]!], suites: [m[4]!], components: m[5]!.split(/\s+/).filter(Boolean),
      ...(signedBy ? { signedBy } : {}) });
  }
  return out;
}

function stanza(e: AptEntry): string {
  return [`Types: ${e.types.join(' ')}`, `URIs: ${e.uris.join(' ')}`, `Suites: ${e.suites.join(' ')}`,
    `Components: ${e.components.join(' ')}`, ...(e.signedBy ? [`Signed-By: ${e.signedBy}`] : [])].join('\n');
}

/** Debian's next release after `codename` (where a newer qemu comes from), or null. */
export const NEXT_RELEASE: Record<string, string> = { bullseye: 'bookworm', bookworm: 'trixie', trixie: 'forky' };

/**
 * The .sources text to add for `codename`: deb-src twins of the release's deb entries and of the same
 * entries for the next release (suite names mapped), and backports (deb) on the mirror that serves
 * `<codename>` itself. Empty string if the machine has no deb entry for the release.
 */
export function deriveSources(entries: AptEntry[], codename: string): string {
  const ours = entries.filter((e) => e.types.includes('deb') && e.suites.some((s) => s === codename || s.startsWith(`${codename}-`)));
  const has = (type: string, suite: string): boolean => entries.some((e) => e.types.includes(type) && e.suites.includes(suite));
  const next = NEXT_RELEASE[codename];
  const out: AptEntry[] = [];
  for (const release of next ? [codename, next] : [codename]) {
    for (const e of ours) {
      const suites = e.suites.filter((s) => !s.endsWith('-backports')).map((s) => s.replace(codename, release)).filter((s) => !has('deb-src', s));
      if (suites.length) out.push({ ...e, types: ['deb-src'], suites });
    }
  }
  const main = ours.find((e) => e.suites.includes(codename));
  const bpo = `${codename}-backports`;
  if (main && !has('deb', bpo)) out.push({ ...main, types: ['deb'], suites: [bpo] });
  return out.map(stanza).join('\n\n') + (out.length ? '\n' : '');
}

/** The machine's apt entries, except `skip` (the file this module writes: derive from the originals only). */
export function machineEntries(dir = '/etc/apt', skip = ''): AptEntry[] {
  const out: AptEntry[] = [];
  if (existsSync(join(dir, 'sources.list'))) out.push(...parseOneLine(readFileSync(join(dir, 'sources.list'), 'utf8')));
  const d = join(dir, 'sources.list.d');
  for (const f of existsSync(d) ? readdirSync(d).sort() : []) {
    const p = join(d, f);
    if (p === skip) continue;
    if (f.endsWith('.sources')) out.push(...parseDeb822(readFileSync(p, 'utf8')));
    else if (f.endsWith('.list')) out.push(...parseOneLine(readFileSync(p, 'utf8')));
  }
  return out;
}

export function osCodename(osRelease = '/etc/os-release'): string {
  return /^VERSION_CODENAME=(\S+)/m.exec(readFileSync(osRelease, 'utf8'))?.[1]?.replace(/"/g, '') ?? '';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const codename = process.argv[2] || osCodename();
  const skip = process.argv[3] ?? '';
  if (!codename) {
    process.stderr.write('apt-sources: no VERSION_CODENAME in /etc/os-release; pass the release name\n');
    process.exit(2);
  }
  process.stdout.write(deriveSources(machineEntries('/etc/apt', skip), codename));
}
