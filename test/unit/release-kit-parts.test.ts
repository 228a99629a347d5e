import { describe, expect, it } from 'vitest';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign-keys';
import { publicKeyBase64 } from '../../electron/core/formats/minisign-public-keys';
import { minisignKitPart } from '../../electron/core/sign/minisign-kit-part';
import { assembleReleaseKit, type ReleaseKitPart } from '../../electron/core/sign/release-kit';

// The kit's hook for each key kind: a release signed with two keys gets both parts, and the
// checksum-list lines (sha256sum, Get-FileHash) once.

const LIST = `${'a'.repeat(64)}  acme-5.0.tar.gz\n${'b'.repeat(64)}  acme setup.exe\n`;

/** A stand-in for another kind's part (OpenPGP's adds its certificate and Gpg4win's gpg lines). */
const otherPart: ReleaseKitPart = {
  besideFiles: (list, files) => [`${list}.asc`, ...files.map((file) => `${file}.asc`)],
  key: ['OpenPGP certificate: 0123 4567'],
  checkList: (list) => ({
    unix: [`gpg --verify ${list}.asc`],
    windows: [`gpg --verify ${list}.asc  # Gpg4win`],
  }),
  checkFile: (file) => ({ unix: [`gpg --verify '${file}.asc'`], windows: [`gpg --verify '${file}.asc'`] }),
};

describe('release kit parts', () => {
  it('puts each part’s signatures beside the files and its key and commands elsewhere, list lines once', () => {
    const key = generateMinisignKeyPair();
    const minisign = minisignKitPart({
      keyName: 'Release key',
      publicKey: publicKeyBase64(key),
      publicKeyFileName: 'Release-key',
    });
    const kit = assembleReleaseKit({ listName: 'SHA256SUMS', listText: LIST, parts: [minisign, otherPart] });
    const [beside, elsewhere] = kit.sections;
    expect(beside?.id).toBe('beside-files');
    expect(beside?.text).toContain(
      '  SHA256SUMS\n  SHA256SUMS.minisig\n  acme-5.0.tar.gz.minisig\n  acme setup.exe.minisig\n  SHA256SUMS.asc\n',
    );
    expect(beside?.text).not.toContain(publicKeyBase64(key));
    expect(elsewhere?.id).toBe('key-elsewhere');
    expect(elsewhere?.text).toContain('Release signed by Release key\n');
    expect(elsewhere?.text).toContain('\n\nOpenPGP certificate: 0123 4567\n');
    expect(elsewhere?.text).toContain('gpg --verify SHA256SUMS.asc  # Gpg4win\n');
    expect(elsewhere?.text.match(/^sha256sum -c SHA256SUMS$/gm)).toHaveLength(1);
    expect(elsewhere?.text.match(/^Get-Content -LiteralPath 'SHA256SUMS'/gm)).toHaveLength(1);
    expect(elsewhere?.text).toContain(
      `(Get-FileHash -Algorithm SHA256 -LiteralPath 'acme-5.0.tar.gz').Hash -eq '${'a'.repeat(64)}'`,
    );
    // The whole text is both sections under their titles, beside-the-files first.
    expect(kit.text.indexOf('== Publish beside the files ==')).toBeLessThan(
      kit.text.indexOf('== Publish the key where you control it =='),
    );
    expect(kit.text).toContain(beside!.text);
    expect(kit.text).toContain(elsewhere!.text);
  });
});
