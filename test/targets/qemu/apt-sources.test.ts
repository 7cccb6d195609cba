// The apt entries .ci/qemu-setup adds are derived from the machine's own (no host names in the repo):
// deb-src twins for this release and the next, backports on the main archive's mirror.
import { describe, expect, test } from 'vitest';
import { deriveSources, parseDeb822, parseOneLine } from '../../../targets/qemu/apt-sources.ts';

const MACHINE = `Types: deb
# a comment
URIs: http://mirror.invalid/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://security.invalid/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://other.invalid/repo
Suites: stable
Components: main
Enabled: no
`;

describe('apt sources', () => {
  test('deb822 and one-line entries parse; a disabled stanza is skipped', () => {
    expect(parseDeb822(MACHINE).map((e) => e.suites.join(' '))).toEqual(['bookworm bookworm-updates', 'bookworm-security']);
    expect(parseOneLine('deb [signed-by=/k.gpg] http://mirror.invalid/debian bookworm main contrib\n# deb-src x y z\n')).toEqual([
      { types: ['deb'], uris: ['http://mirror.invalid/debian'], suites: ['bookworm'], components: ['main', 'contrib'], signedBy: '/k.gpg' },
    ]);
  });

  test('derived: deb-src for bookworm and trixie on the machine\'s own mirrors, backports (deb) on the main one', () => {
    const out = parseDeb822(deriveSources(parseDeb822(MACHINE), 'bookworm'));
    expect(out.map((e) => `${e.types.join(',')} ${e.uris[0]} ${e.suites.join(' ')}`)).toEqual([
      'deb-src http://mirror.invalid/debian bookworm bookworm-updates',
      'deb-src http://security.invalid/debian-security bookworm-security',
      'deb-src http://mirror.invalid/debian trixie trixie-updates',
      'deb-src http://security.invalid/debian-security trixie-security',
      'deb http://mirror.invalid/debian bookworm-backports',
    ]);
    expect(out.every((e) => e.signedBy === '/usr/share/keyrings/debian-archive-keyring.gpg')).toBe(true);
  });

  test('what the machine already has is not added again; no entry for the release gives nothing', () => {
    const has = `${MACHINE}\nTypes: deb deb-src\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-backports trixie\nComponents: main\n`;
    const out = parseDeb822(deriveSources(parseDeb822(has), 'bookworm'));
    expect(out.map((e) => `${e.types.join(',')} ${e.suites.join(' ')}`)).toEqual([
      'deb-src bookworm-updates', 'deb-src bookworm-security', 'deb-src trixie-updates', 'deb-src trixie-security',
    ]);
    expect(deriveSources(parseDeb822(MACHINE), 'buster')).toBe('');
  });
});
