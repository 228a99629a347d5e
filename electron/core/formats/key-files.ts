import type { KeyInfo, SigningKeyKind } from '../../../shared/domain';
import { FORMATS } from './registry';
import { signingFormatForKey } from './signing-formats';
import type { SigningSide } from './signing-side';

/**
 * The format that imports a secret-key file the person handed over, found by asking each
 * registered format's signing side whether the bytes are its kind (PKCS#12, an OpenPGP secret key…),
 * so `signet key import` and the app name no kind. Undefined when none recognises the file.
 */
export async function keyFileImporter(bytes: Uint8Array): Promise<SigningSide | undefined> {
  for (const descriptor of FORMATS) {
    const signing = (await descriptor.load()).signing;
    if (!signing?.importKeyFile || !signing.recognisesKeyFile) continue;
    try {
      if (signing.recognisesKeyFile(bytes)) return signing;
    } catch {
      // a quick look that fails is a "no"
    }
  }
  return undefined;
}

/**
 * The signing side that signs inside files with a keystore record of this kind (Authenticode with
 * an 'x509' certificate), or undefined when that kind signs beside files. Only the format that
 * signs with the kind is loaded (signingFormatForKey): loading every format here (pkijs, Sigstore,
 * openpgp.js) cost `signet sign` ~100 ms before it could start reading the file.
 */
export async function embeddedSigningFor(kind: SigningKeyKind): Promise<SigningSide | undefined> {
  try {
    const { side } = await signingFormatForKey(kind);
    return side.signEmbedded ? side : undefined;
  } catch {
    // No format signs with this kind.
    return undefined;
  }
}

/**
 * What a key's card shows beyond its stored record: whether it signs inside files, and what its
 * format adds (a certificate's issuer). Never throws: a record it cannot describe shows as stored.
 */
export async function shownKeyDetails(info: KeyInfo): Promise<KeyInfo> {
  try {
    const side = await embeddedSigningFor(info.kind);
    if (!side) return info;
    return { ...info, ...side.describeKey?.(info), signsInside: true };
  } catch {
    return info;
  }
}
