/**
 * Windows publishers' certificates as the trust list and the CLI use them (pin, thumbprint, PEM
 * bundles, the computer's own roots): the one door into the Authenticode folder for them.
 */
export type { StoredPublisher } from './authenticode/publisher-entry';
export { publisherPinFor, thumbprintOf } from './authenticode/publisher-entry';
export { pemCertificates, systemCaRoots } from './authenticode/system-roots';
export { certificateSummary } from './authenticode/trust-kind';
