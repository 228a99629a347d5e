/** A Sigstore identity as the trust list stores it: the one door into the Sigstore folder for it. */

export { givenIdentityEntry } from './sigstore/given-identity';
export { sigstoreIdentityEntry, sigstoreIdentityKeyId } from './sigstore/stored-entry';
