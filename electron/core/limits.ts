/**
 * Every size cap that the CLI and the app must agree on, in one place: a file one of them accepts
 * the other must accept too. Caps private to one parser (a header, a pattern, a table inside a
 * format) stay beside that parser.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * A public key, certificate file or allowed-signers file: armored OpenPGP certificates with many
 * signatures run to hundreds of KiB; no key file is larger.
 */
export const KEY_FILE_MAX_BYTES = 1 * MiB;

/**
 * A public key file given on the command line may be a distribution's developer keyring (about a
 * thousand OpenPGP certificates, tens of MB); the OpenPGP module indexes it by packet headers.
 */
export const KEYRING_FILE_MAX_BYTES = 64 * MiB;

/**
 * A secret key file: minisign secret keys are a few hundred bytes, an RSA 4096 OpenPGP secret key
 * or a PKCS#12 file with its chain a few KiB; this leaves room for comments and long chains.
 */
export const SECRET_KEY_FILE_MAX_BYTES = 64 * KiB;

/** A Sigstore trusted root (keys and certificates of each service instance). */
export const TRUSTED_ROOT_MAX_BYTES = 4 * MiB;

/** A publisher's certificate (PEM or DER): a few KiB; a PEM bundle of a chain, a few dozen. */
export const CERTIFICATE_MAX_BYTES = 1 * MiB;

/** A file of CA roots: an operating system's bundle runs to a few hundred KiB. */
export const ROOTS_FILE_MAX_BYTES = 16 * MiB;

/** A detached signature whose format names no cap of its own (FormatFacts.maxSignatureBytes). */
export const DEFAULT_SIGNATURE_MAX_BYTES = 64 * KiB;

/** Certificate chain, inclusion proof and an in-toto statement naming many files: far past 64 KiB. */
export const SIGSTORE_BUNDLE_MAX_BYTES = 4 * MiB;

/** A checksum list, whether it is verified or read into the release kit. */
export const CHECKSUM_LIST_MAX_BYTES = 16 * MiB;

/**
 * How many first bytes of a file the registry and each format's recogniser look at: a Sigstore
 * bundle's media type may follow a large certificate, and a PE header may sit a few KiB in.
 */
export const RECOGNISE_WINDOW_BYTES = 64 * KiB;

/**
 * From this size one file is hashed in parallel workers rather than in one read: below it, starting
 * worker threads (~50 ms) costs more than running the digests side by side saves (BLAKE2b-512 +
 * SHA-256 cost ~1.5 ms per MiB one after the other, ~0.9 ms in parallel).
 */
export const PARALLEL_DIGESTS_MIN_BYTES = 64 * MiB;
