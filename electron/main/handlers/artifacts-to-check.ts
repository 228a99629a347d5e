import { pathExists } from '../../core/fs/path-exists';

/**
 * What a person means by the files they dropped: a `.minisig` next to its file stands for that file
 * (people often drag both, or only the signature), so it is checked once, as the file it signs.
 */
export async function artifactsToCheck(files: readonly string[]): Promise<string[]> {
  const wanted: string[] = [];
  for (const file of files) {
    const signed = file.endsWith('.minisig') ? file.slice(0, -'.minisig'.length) : undefined;
    const target = signed && (await pathExists(signed)) ? signed : file;
    if (!wanted.includes(target)) wanted.push(target);
  }
  return wanted;
}
