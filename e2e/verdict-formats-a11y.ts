import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { osslsign } from '../test/helpers/authenticode-sign';
import { tinyPe } from '../test/helpers/pe-writer';
import { CODE_SIGNING_EXTENSIONS, type Issued, selfSigned } from '../test/helpers/x509-ca';
import { caseDir } from './harness/tools';

/**
 * Two Windows programs signed by osslsigncode for the accessibility pass over the per-format
 * details: one by a publisher the caller pins with `knownCert`, one by a self-signed stranger,
 * whose card offers "Trust this publisher".
 */
export async function verdictFormatFiles(
  root: string,
  work: string,
  tag: string,
): Promise<{ verified: string; selfSigned: string; knownCert: Buffer }> {
  const pki = await caseDir(root, `pki-a11y-${tag}`);
  const options = { extensions: CODE_SIGNING_EXTENSIONS, key: 'ec' as const };
  const known = await selfSigned(pki, 'known', '/O=Fabrikam Software Ltd/CN=Fabrikam Software Ltd', options);
  const stranger = await selfSigned(pki, 'stranger', '/CN=Home Made Tools', options);
  const sign = async (name: string, signer: Issued) => {
    const dir = await caseDir(work, `a11y-${tag}-${name}`);
    const unsigned = join(dir, `unsigned-${name}`);
    await writeFile(unsigned, tinyPe());
    const out = join(dir, name);
    await osslsign(unsigned, out, signer, { programName: 'Fabrikam Setup' });
    return out;
  };
  return {
    verified: await sign(`fabrikam-setup-${tag}.exe`, known),
    selfSigned: await sign(`homemade-${tag}.exe`, stranger),
    knownCert: await readFile(known.cert),
  };
}
