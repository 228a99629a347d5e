import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchData } from './data';
import { lanePerDigest } from './floor';
import type { Command } from './measure';
import type { Pair } from './pairs';
import type { RowId } from './rows';
import { formatSize } from './sizes';

const KEY_NAME = 'Bench OpenPGP';
/** The release: a thousand files of 1 MiB (smaller when the bench runs on a smaller large file). */
const RELEASE_FILES = 1000;
const PASSPHRASE = 'bench passphrase for openpgp rows';

/**
 * Signing with OpenPGP, against what a release manager runs today: `signet sign --style apache`
 * of the large file (FILE.asc + FILE.sha512 from one read) vs `openssl dgst -sha512` and vs
 * `gpg --armor --detach-sign` + `sha512sum`; a release of 1,000 files of 1 MiB in the node style
 * (SHASUMS256.txt, .asc clearsigned, .sig) vs `sha256sum` + `gpg --clearsign`. The key is made by
 * `signet keygen --openpgp` (Ed25519) in the bench's config folder, and by gpg for gpg's side.
 * Ids are cast as in openpgp-rows.ts (bench/rows.ts is not this file's to change).
 */
export function openpgpSignPairs(
  data: BenchData,
  signet: (args: string[], cwd?: string) => Command,
  size: string,
  home: string,
): Pair[] {
  const withPassphrase = (command: Command): Command => ({
    ...command,
    env: { ...command.env, SIGNET_PASSPHRASE: PASSPHRASE },
  });
  const keygen = withPassphrase(
    signet(['keygen', '--openpgp', '--name', KEY_NAME, '--email', 'bench@example.org']),
  );
  execFileSync(keygen.file, keygen.args, { env: keygen.env, stdio: 'ignore' });

  // Hard links in folders of their own, so the outputs written beside them touch no other row's data.
  const bigDir = join(data.dir, 'openpgp-sign');
  const filesDir = join(data.dir, 'openpgp-sign-files');
  rmSync(bigDir, { recursive: true, force: true });
  rmSync(filesDir, { recursive: true, force: true });
  mkdirSync(bigDir, { recursive: true });
  mkdirSync(filesDir, { recursive: true });
  const big = join(bigDir, 'big.bin');
  linkSync(data.big, big);
  const bigBytes = statSync(data.big).size;
  const fileBytes = Math.min(1024 * 1024, Math.floor(bigBytes / 1024));
  // Signet's one read gives the SHA-512 (signature and .sha512) and the log's SHA-256, each on its own core.
  const apacheFloor = lanePerDigest(['sha512', 'sha256'], bigBytes);
  const names = releaseFiles(filesDir, fileBytes);

  const gpgEnv = { ...process.env, GNUPGHOME: home, LC_ALL: 'C' };
  const gpg = "gpg --batch --yes --pinentry-mode loopback --passphrase '' -u bench@example.org";
  const sh = (script: string, cwd: string): Command => ({
    file: 'sh',
    args: ['-c', script],
    cwd,
    env: gpgEnv,
  });
  const apache = withPassphrase(signet(['sign', '--key', KEY_NAME, '--style', 'apache', '--force', big]));
  const id = (name: string) => name as unknown as RowId;
  return [
    {
      id: id('openpgp sign'),
      what: `${size}, \`signet sign --style apache\` (.asc + .sha512) vs \`openssl dgst -sha512\``,
      target: 1.1,
      floor: apacheFloor,
      signet: apache,
      other: { file: 'openssl', args: ['dgst', '-sha512', big] },
    },
    {
      id: id('openpgp sign vs gpg'),
      what: `${size}, the same \`signet sign\` vs \`gpg --armor --detach-sign\` + \`sha512sum\``,
      target: 0.5,
      floor: apacheFloor,
      signet: apache,
      other: sh(`${gpg} --armor --detach-sign -o gpg.asc big.bin && sha512sum big.bin > gpg.sha512`, bigDir),
    },
    {
      id: id('openpgp node style'),
      what: `${names.length} files of ${formatSize(fileBytes)}, \`signet sign --style node\` vs \`sha256sum\` + \`gpg --clearsign\``,
      target: 0.5,
      // The list's SHA-256 of every file, spread over a worker per core.
      floor: lanePerDigest(['sha256', 'sha256'], (names.length * fileBytes) / 2),
      signet: withPassphrase(
        signet(['sign', '--key', KEY_NAME, '--style', 'node', '--force', ...names], filesDir),
      ),
      other: sh(
        `sha256sum *.bin > gpg-SHASUMS256.txt && ${gpg} --clearsign -o gpg-SHASUMS256.txt.asc gpg-SHASUMS256.txt`,
        filesDir,
      ),
    },
  ];
}

/** RELEASE_FILES files of `bytes` random bytes each in `dir`, for the node-style row; their names. */
function releaseFiles(dir: string, bytes: number): string[] {
  const content = Buffer.allocUnsafe(bytes);
  const names: string[] = [];
  for (let i = 0; i < RELEASE_FILES; i++) {
    const name = `release-${String(i).padStart(4, '0')}.bin`;
    randomFillSync(content);
    writeFileSync(join(dir, name), content);
    names.push(name);
  }
  return names;
}
