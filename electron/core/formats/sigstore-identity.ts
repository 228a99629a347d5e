/** A Sigstore identity as the trust list stores it: the one door into the Sigstore folder for it. */
export { sigstoreIdentityEntry, sigstoreIdentityKeyId } from './sigstore/stored-entry';
export { givenIdentityEntry } from './sigstore/trust-kind';
