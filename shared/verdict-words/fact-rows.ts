import type { VerifyResult } from '../verdict';
import type {
  AuthenticodeFacts,
  FactsOfKind,
  OpenPgpFacts,
  OtherSignature,
  SignatureFacts,
  SigstoreFacts,
} from '../verdict-facts';

/** One row of the details, as data: each reader (card, terminal) decides how a kind of value looks. */
export interface DetailRow {
  term: string;
  value: string;
  /** mono: fingerprints, thumbprints, log indexes; time: an ISO time shown in the person's locale. */
  look?: 'text' | 'mono' | 'time';
  /** Offer a Copy button for this value. */
  copy?: string;
}

/** The rows a signature's facts add: words for staff first, facts for experts after (VERDICTS.md). */
export interface FactRows {
  staff: DetailRow[];
  expert: DetailRow[];
  /** The rows show the key's id themselves (a fingerprint, a thumbprint): the generic Key ID row is left out. */
  showsKeyId: boolean;
}

type RowsInput = Pick<VerifyResult, 'facts' | 'signedAt' | 'checksumList' | 'notes'>;
type Context = { signedAtShown: boolean; throughList: boolean };

const REVOCATION = 'Not checked: finding out whether the certificate was withdrawn needs the internet';

const other = (o: OtherSignature) => `${o.signer}: ${o.note ?? o.outcome}`;

function openPgpRows(f: OpenPgpFacts, c: Context): FactRows {
  const staff: DetailRow[] = [];
  if (!f.fingerprint && f.issuer) {
    // An unknown signer: the key the signature names, for comparing with the publisher's page.
    staff.push({ term: 'Signed with the key', value: f.issuer, look: 'mono', copy: f.issuer });
  }
  for (const id of f.userIds) staff.push({ term: 'The key says (its own claim, not checked)', value: id });
  if (!c.signedAtShown && f.signatureTime) {
    staff.push({ term: 'Signature made', value: f.signatureTime, look: 'time' });
  }
  for (const o of f.others) staff.push({ term: 'Another signature on this file', value: other(o) });
  if (f.cleartext) {
    staff.push({
      // Said of the signed text: the file itself, or the checksum list it was found in.
      term: c.throughList ? 'How the checksum list is signed' : 'What this file is',
      value: 'Cleartext-signed text (the signature is inside the file)',
    });
  }
  const expert: DetailRow[] = [];
  if (f.fingerprint)
    expert.push({ term: 'Fingerprint', value: f.fingerprint, look: 'mono', copy: f.fingerprint });
  if (f.signingSubkey) expert.push({ term: 'Signing subkey', value: f.signingSubkey, look: 'mono' });
  if (f.hash) expert.push({ term: 'Hash algorithm', value: f.hash });
  return { staff, expert, showsKeyId: true };
}

function authenticodeRows(f: AuthenticodeFacts): FactRows {
  const staff: DetailRow[] = [];
  if (f.chain.length > 0) staff.push({ term: 'Certificate chain', value: f.chain.join(' ← ') });
  if (f.certificateSays)
    staff.push({ term: 'The certificate says (not confirmed)', value: f.certificateSays });
  if (f.programName) staff.push({ term: 'Program name (the publisher’s own claim)', value: f.programName });
  if (f.moreInfoUrl) staff.push({ term: 'Web address (the publisher’s own claim)', value: f.moreInfoUrl });
  staff.push({ term: 'Revocation', value: REVOCATION });
  const expert: DetailRow[] = [];
  if (f.thumbprint) {
    expert.push({
      term: 'Certificate thumbprint (SHA-256)',
      value: f.thumbprint,
      look: 'mono',
      copy: f.thumbprint,
    });
  }
  if (f.timestampNote) expert.push({ term: 'Timestamp', value: f.timestampNote });
  else if (f.thumbprint)
    expert.push({ term: 'Timestamp', value: 'None: the certificate was checked at today’s date' });
  for (const o of f.others) {
    expert.push({ term: o.nested ? 'Nested signature' : 'Another signature', value: other(o) });
  }
  return { staff, expert, showsKeyId: f.thumbprint !== undefined };
}

function sigstoreRows(f: SigstoreFacts, c: Context): FactRows {
  const staff: DetailRow[] = [];
  if (f.identity) {
    staff.push({
      term: 'Identity (as the certificate states it)',
      value: f.identity,
      look: 'mono',
      copy: f.identity,
    });
  }
  if (f.issuer) {
    staff.push({
      term: 'Identity vouched for by (as the certificate states it)',
      value: f.issuer,
      look: 'mono',
    });
  }
  if (!c.signedAtShown && f.integratedTime) {
    staff.push({ term: 'Recorded in the public log at', value: f.integratedTime, look: 'time' });
  }
  if (f.logIndexes.length === 0) {
    staff.push({
      term: 'Public log',
      value: 'Not recorded: only the key vouches for this signature, and nothing for when it was made',
    });
  }
  const expert: DetailRow[] = [];
  for (const index of f.logIndexes)
    expert.push({ term: 'Transparency log index', value: index, look: 'mono' });
  for (const at of f.timestamps) expert.push({ term: 'Time stamp', value: at, look: 'time' });
  if (f.attestation?.subjectName) {
    expert.push({ term: 'Attestation names the file as', value: f.attestation.subjectName });
  }
  if (f.attestation?.predicateType)
    expert.push({ term: 'Attestation type', value: f.attestation.predicateType });
  if (f.trustRoot) expert.push({ term: 'Trust root used', value: f.trustRoot });
  if (f.trustRootNewestKey) {
    expert.push({ term: 'Trust root date', value: `newest key from ${f.trustRootNewestKey.slice(0, 10)}` });
  }
  const updated = trustRootUpdatedRow(f);
  if (updated) expert.push(updated);
  return { staff, expert, showsKeyId: true };
}

/** How current the trusted root is: when Sigstore's update service last vouched for it, or why never. */
function trustRootUpdatedRow(f: SigstoreFacts): DetailRow | undefined {
  switch (f.trustRootOrigin) {
    case 'updated':
      return f.trustRootUpdatedAt
        ? { term: 'Trust root updated', value: f.trustRootUpdatedAt, look: 'time' }
        : undefined;
    case 'built-in':
      return { term: 'Trust root updated', value: 'Not yet: the root built into this version of Signet' };
    case 'managed':
      return { term: 'Trust root updated', value: 'Set by your organisation' };
    default:
      return undefined;
  }
}

const none = (): FactRows => ({ staff: [], expert: [], showsKeyId: false });

/** One table from a kind of facts to its rows; raw keys need only the generic rows. */
const ROWS: {
  [K in SignatureFacts['kind']]: (f: FactsOfKind<K>, c: Context) => FactRows;
} = {
  minisign: none,
  signify: none,
  ssh: none,
  openpgp: openPgpRows,
  authenticode: authenticodeRows,
  sigstore: sigstoreRows,
};

function rowsFor<K extends SignatureFacts['kind']>(facts: FactsOfKind<K>, c: Context): FactRows {
  const make = ROWS[facts.kind] as (f: typeof facts, c: Context) => FactRows;
  return make(facts, c);
}

/**
 * The rows a verdict's facts add, and the notes the check made (lines of a file skipped, a file
 * found beside it) for experts, as they are: nothing the core says is dropped.
 */
export function factRows(result: RowsInput): FactRows {
  const listFacts = result.facts?.kind === 'checksum-list' ? result.facts : undefined;
  const facts = listFacts
    ? listFacts.signature
    : result.facts?.kind === 'checksum-list'
      ? undefined
      : result.facts;
  const context = { signedAtShown: result.signedAt !== undefined, throughList: listFacts !== undefined };
  const rows = facts ? rowsFor(facts, context) : none();
  for (const note of result.notes ?? []) rows.expert.push({ term: note.label, value: note.value });
  return rows;
}
