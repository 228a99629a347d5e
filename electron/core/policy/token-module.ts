/**
 * The PKCS#11 module library the organisation's managed policy names (its pkcs11Module setting):
 * when set, the only one Signet loads, for the CLI and the app alike. At merge with the policy
 * work this becomes `(await managedSigningSettings()).pkcs11Module`; until then no policy names one.
 */
export async function managedTokenModule(): Promise<string | undefined> {
  return undefined;
}
