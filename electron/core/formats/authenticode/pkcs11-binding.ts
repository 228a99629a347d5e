/**
 * The part of pkcs11js (PKCS#11 for Node, a native module) Signet uses, declared here rather than
 * imported: pkcs11js's own declarations pull Node's globals into any program that reaches them,
 * and the renderer's type check must never see those. test/interop/pkcs11-token.test.ts checks
 * that the real module fits this shape.
 */
type Template = { type: number; value?: number | boolean | Buffer }[];

export interface Pkcs11Library {
  load(path: string): void;
  close(): void;
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetSlotList(tokenPresent?: boolean): Buffer[];
  C_GetTokenInfo(slot: Buffer): {
    label: string;
    manufacturerID: string;
    model: string;
    serialNumber: string;
    flags: number;
  };
  C_OpenSession(slot: Buffer, flags: number): Buffer;
  C_CloseSession(session: Buffer): void;
  C_Login(session: Buffer, userType: number, pin?: string): void;
  C_Logout(session: Buffer): void;
  C_FindObjectsInit(session: Buffer, template: Template): void;
  C_FindObjects(session: Buffer, maxObjectCount: number): Buffer[];
  C_FindObjectsFinal(session: Buffer): void;
  C_GetAttributeValue(
    session: Buffer,
    object: Buffer,
    template: Template,
  ): { type: number; value?: Buffer }[];
  C_SignInit(session: Buffer, mechanism: { mechanism: number }, key: Buffer): void;
  C_SignAsync(session: Buffer, data: Buffer, signature: Buffer): Promise<Buffer>;
}

export interface Pkcs11Binding {
  PKCS11: new () => Pkcs11Library;
  CKA_ALWAYS_AUTHENTICATE: number;
  CKA_CERTIFICATE_TYPE: number;
  CKA_CLASS: number;
  CKA_EC_POINT: number;
  CKA_ID: number;
  CKA_KEY_TYPE: number;
  CKA_LABEL: number;
  CKA_MODULUS: number;
  CKA_PUBLIC_EXPONENT: number;
  CKA_VALUE: number;
  CKC_X_509: number;
  CKF_SERIAL_SESSION: number;
  CKF_TOKEN_INITIALIZED: number;
  CKK_EC: number;
  CKK_RSA: number;
  CKM_ECDSA: number;
  CKM_SHA256_RSA_PKCS: number;
  CKO_CERTIFICATE: number;
  CKO_PRIVATE_KEY: number;
  CKO_PUBLIC_KEY: number;
  CKU_CONTEXT_SPECIFIC: number;
  CKU_USER: number;
}

/** The module's name, kept out of a literal import so no type checker follows it (see above). */
export const PKCS11_BINDING = 'pkcs11js';
