import { managedSigningSettings } from './signing-settings';

/**
 * The RFC 3161 time-stamping server the organisation's managed policy names (its timestampUrl
 * setting): when set, Authenticode signing uses it in place of the person's choice, in the CLI and
 * the app alike. A policy that cannot be read throws, so signing stops rather than guess.
 */
export async function managedTimestampUrl(): Promise<string | undefined> {
  return (await managedSigningSettings()).timestampUrl;
}
