/**
 * Keyless (Sigstore) signers whose identity and issuer their publisher documents. Each entry names
 * the page where the publisher says so; the form shows that address so the person can check it
 * before trusting. Only identities a publisher documents are here: none is guessed.
 *
 * Sources, checked when this list was written:
 * - CPython: python.org's "Sigstore Information" page lists the release manager's identity and
 *   issuer for each Python version.
 * - cosign: Sigstore's installation guide verifies cosign's own release binaries with the project's
 *   Google service account (not a GitHub workflow identity).
 * - Kubernetes: "Verify Signed Kubernetes Artifacts" names the identity that signs release binaries
 *   (tarballs, SPDX files, standalone binaries); container images use another, not listed here
 *   because Signet checks files.
 */
export interface SigstorePreset {
  id: string;
  /** What the person picks in the list. */
  label: string;
  /** Who signs, in a sentence shown with the source. */
  signedBy: string;
  /** The name the trust entry gets unless the person types another. */
  name: string;
  identity: string;
  issuer: string;
  /** Where the publisher documents this identity. */
  documentedAt: string;
}

const PYTHON_SIGSTORE_PAGE = 'https://www.python.org/downloads/metadata/sigstore/';
const GOOGLE = 'https://accounts.google.com';
const GITHUB_OAUTH = 'https://github.com/login/oauth';

export const sigstorePresets: readonly SigstorePreset[] = [
  {
    id: 'cpython-3.14',
    label: 'CPython 3.14 and 3.15',
    signedBy: 'Signed by the release manager, Hugo van Kemenade.',
    name: 'CPython 3.14 and 3.15 releases',
    identity: 'hugo@python.org',
    issuer: GITHUB_OAUTH,
    documentedAt: PYTHON_SIGSTORE_PAGE,
  },
  {
    id: 'cpython-3.12',
    label: 'CPython 3.12 and 3.13',
    signedBy: 'Signed by the release manager, Thomas Wouters.',
    name: 'CPython 3.12 and 3.13 releases',
    identity: 'thomas@python.org',
    issuer: GOOGLE,
    documentedAt: PYTHON_SIGSTORE_PAGE,
  },
  {
    id: 'cpython-3.10',
    label: 'CPython 3.10 and 3.11',
    signedBy: 'Signed by the release manager, Pablo Galindo Salgado.',
    name: 'CPython 3.10 and 3.11 releases',
    identity: 'pablogsal@python.org',
    issuer: GOOGLE,
    documentedAt: PYTHON_SIGSTORE_PAGE,
  },
  {
    id: 'cosign',
    label: 'cosign releases',
    signedBy: 'Signed by the Sigstore project’s release service account.',
    name: 'cosign releases',
    identity: 'keyless@projectsigstore.iam.gserviceaccount.com',
    issuer: GOOGLE,
    documentedAt: 'https://docs.sigstore.dev/cosign/system_config/installation/',
  },
  {
    id: 'kubernetes',
    label: 'Kubernetes release binaries',
    signedBy: 'Signed by the Kubernetes release engineering service account.',
    name: 'Kubernetes releases',
    identity: 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com',
    issuer: GOOGLE,
    documentedAt: 'https://kubernetes.io/docs/tasks/administer-cluster/verify-signed-artifacts/',
  },
];
