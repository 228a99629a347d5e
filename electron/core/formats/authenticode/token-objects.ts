import { X509Certificate } from 'node:crypto';
import { type TokenModule, tokenError } from './pkcs11-module';

/** A certificate on a token: its CKA_ID (which ties it to its key), its label and its DER. */
export interface TokenCertificate {
  id: Buffer;
  objectLabel: string;
  cert: X509Certificate;
}

/** At most this many objects of one kind are read from a token; real tokens hold a handful. */
const MAX_OBJECTS = 256;

/** The handles of the objects on the session's token matching `template`. */
export function findObjects(
  module: TokenModule,
  session: Buffer,
  template: { type: number; value: number | boolean | Buffer }[],
): Buffer[] {
  const { lib } = module;
  try {
    lib.C_FindObjectsInit(session, template);
    try {
      return lib.C_FindObjects(session, MAX_OBJECTS);
    } finally {
      lib.C_FindObjectsFinal(session);
    }
  } catch (error) {
    throw tokenError(error, 'list what it holds');
  }
}

/** One attribute's value, or undefined when the token will not give it (sensitive, absent). */
export function attribute(
  module: TokenModule,
  session: Buffer,
  object: Buffer,
  type: number,
): Buffer | undefined {
  try {
    const [found] = module.lib.C_GetAttributeValue(session, object, [{ type }]);
    return found?.value && found.value.length > 0 ? found.value : undefined;
  } catch {
    return undefined;
  }
}

/** The X.509 certificates the session can see (public objects need no PIN); unreadable ones skipped. */
export function certificatesOn(module: TokenModule, session: Buffer): TokenCertificate[] {
  const { ck } = module;
  return findObjects(module, session, [
    { type: ck.CKA_CLASS, value: ck.CKO_CERTIFICATE },
    { type: ck.CKA_CERTIFICATE_TYPE, value: ck.CKC_X_509 },
  ]).flatMap((object) => {
    const der = attribute(module, session, object, ck.CKA_VALUE);
    if (!der) return [];
    try {
      return [
        {
          id: attribute(module, session, object, ck.CKA_ID) ?? Buffer.alloc(0),
          objectLabel: attribute(module, session, object, ck.CKA_LABEL)?.toString('utf8') ?? '',
          cert: new X509Certificate(der),
        },
      ];
    } catch {
      return [];
    }
  });
}

/** A read-only session on one token's slot; the caller closes it. */
export function openSession(module: TokenModule, slot: Buffer): Buffer {
  try {
    return module.lib.C_OpenSession(slot, module.ck.CKF_SERIAL_SESSION);
  } catch (error) {
    throw tokenError(error, 'open a session');
  }
}

export function closeSession(module: TokenModule, session: Buffer): void {
  try {
    module.lib.C_CloseSession(session);
  } catch {
    // A token pulled out mid-job has closed it already.
  }
}
