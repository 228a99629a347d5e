/**
 * The RFC 3161 time-stamping server the organisation's managed policy names (its timestampUrl
 * setting): when set, Authenticode signing uses it in place of the person's choice, in the CLI and
 * the app alike. At merge with the policy work this becomes
 * `(await managedSigningSettings()).timestampUrl`; until then no policy names one.
 */
export async function managedTimestampUrl(): Promise<string | undefined> {
  return undefined;
}
