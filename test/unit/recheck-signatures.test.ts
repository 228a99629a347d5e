import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicKeyBase64 } from '../../electron/core/formats/minisign/public-key';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';
import { recheckSignatures } from '../../electron/core/sign/recheck-signatures';
import { signFile } from '../../electron/core/sign/sign-file';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('signet-recheck-');
});

describe('re-checking what signing wrote', () => {
  it('checks the signature on disk over the digest the signing read made, without hashing again', async () => {
    const key = generateMinisignKeyPair();
    const file = join(dir, 'release.tar.gz');
    await writeFile(file, 'release bytes\n');
    const signed = await signFile(file, key);
    let hashed = 0;
    const digest = async () => {
      hashed++;
      return {};
    };
    const output = { file: signed.file, signatureFile: signed.signatureFile, blake2b512: signed.blake2b512 };
    expect(await recheckSignatures(publicKeyBase64(key), [output], { digest })).toEqual({
      checked: 1,
      failed: [],
    });
    expect(hashed).toBe(0);

    // A signature file damaged on disk, or one by another key, is found even so.
    const text = await readFile(signed.signatureFile, 'utf8');
    const lines = text.split('\n');
    lines[1] = `${lines[1]!.slice(0, 20)}${lines[1]![20] === 'A' ? 'B' : 'A'}${lines[1]!.slice(21)}`;
    await writeFile(signed.signatureFile, lines.join('\n'));
    const damaged = await recheckSignatures(publicKeyBase64(key), [output], { digest });
    expect(damaged.failed).toHaveLength(1);
    await writeFile(signed.signatureFile, text);
    const other = generateMinisignKeyPair();
    const wrongKey = await recheckSignatures(publicKeyBase64(other), [output], { digest });
    expect(wrongKey.failed[0]?.problem).toMatch(/another key/);
  });

  it('hashes the file when no digest is given, and finds a file changed since', async () => {
    const key = generateMinisignKeyPair();
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'notes\n');
    const signed = await signFile(file, key);
    await writeFile(file, 'notes, changed\n');
    const result = await recheckSignatures(publicKeyBase64(key), [
      { file: signed.file, signatureFile: signed.signatureFile },
    ]);
    expect(result.failed[0]?.problem).toMatch(/does not match the file/);
  });
});
