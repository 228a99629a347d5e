import { z } from 'zod';
import { SIGNATURE_FORMATS, VERDICTS, VERIFY_RESULT_SCHEMA_VERSION, type VerifyResult } from './verdict';
import { VERDICT_CODE_NAMES, type VerdictCode } from './verdict-code';
import type { VerdictFacts } from './verdict-facts';

/**
 * The shape of `signet verify --json`, one object per line. Scripts that enforce "only deploy what
 * our build system signed" read `verdict`, `code` and `facts`; schemas/verify-result.schema.json is
 * generated from this (scripts/verify-result-schema.ts) and a test holds the CLI's output to it.
 */
const signedAtSource = z.enum(['signer', 'timestamp', 'transparency-log']);
const labelled = z.array(z.object({ label: z.string(), value: z.string() }).strict());
const isoTime = z.string().describe('ISO 8601 time');

const otherSignature = z
  .object({
    signer: z.string(),
    outcome: z.enum(['valid', 'not trusted', 'does not match', 'refused']),
    nested: z.boolean().optional(),
    note: z.string().optional(),
  })
  .strict();

const keyFacts = z
  .object({
    kind: z.enum(['minisign', 'signify', 'ssh']),
    keyId: z.string().optional(),
    trustedComment: z.string().optional(),
    signedAt: isoTime.optional(),
  })
  .strict();

const openPgpFacts = z
  .object({
    kind: z.literal('openpgp'),
    fingerprint: z.string().optional(),
    issuer: z.string().optional(),
    signingSubkey: z.string().optional(),
    userIds: z.array(z.string()).describe('User IDs bound by a valid self-signature: the key’s own claim'),
    hash: z.string().optional(),
    signatureTime: isoTime.optional(),
    cleartext: z.boolean(),
    givenKey: z.boolean(),
    others: z.array(otherSignature),
  })
  .strict();

const authenticodeFacts = z
  .object({
    kind: z.literal('authenticode'),
    publisher: z.string().optional(),
    vouchedBy: z.string().optional(),
    chosenBy: z.enum(['you', 'organisation', 'certificate-authority']).optional(),
    chain: z.array(z.string()),
    thumbprint: z.string().optional(),
    certificateSays: z.string().optional(),
    selfSigned: z.boolean().optional(),
    signedAt: isoTime.optional(),
    signedAtSource: signedAtSource.optional(),
    timestampNote: z.string().optional(),
    programName: z.string().optional().describe('The publisher’s own claim'),
    moreInfoUrl: z.string().optional().describe('The publisher’s own claim'),
    others: z.array(otherSignature),
  })
  .strict();

const sigstoreFacts = z
  .object({
    kind: z.literal('sigstore'),
    identity: z.string().optional().describe('As the signing certificate states it'),
    issuer: z.string().optional().describe('As the signing certificate states it'),
    logIndexes: z.array(z.string()),
    integratedTime: isoTime.optional(),
    timestamps: z.array(isoTime),
    trustRoot: z.string().optional(),
    trustRootNewestKey: isoTime.optional(),
    trustRootOrigin: z
      .enum(['built-in', 'updated', 'given', 'managed'])
      .optional()
      .describe(
        'Built into Signet, updated through Sigstore’s TUF service, given for this run, or pinned by the organisation',
      ),
    trustRootUpdatedAt: isoTime.optional().describe('When the TUF update service last vouched for the root'),
    attestation: z
      .object({ subjectName: z.string().optional(), predicateType: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

const signatureFacts = z.discriminatedUnion('kind', [
  keyFacts,
  openPgpFacts,
  authenticodeFacts,
  sigstoreFacts,
]);

const checksumListFacts = z
  .object({ kind: z.literal('checksum-list'), list: z.string(), signature: signatureFacts.optional() })
  .strict();

const verdictFacts = z.union([signatureFacts, checksumListFacts]);

export const verifyResultSchema = z
  .object({
    schemaVersion: z.literal(VERIFY_RESULT_SCHEMA_VERSION),
    verdict: z.enum(VERDICTS),
    code: z.enum(VERDICT_CODE_NAMES as [VerdictCode, ...VerdictCode[]]),
    facts: verdictFacts.optional(),
    reason: z.string().describe('The core’s own sentence, for people: never parse it'),
    file: z.string(),
    format: z.enum(SIGNATURE_FORMATS).optional(),
    keyId: z.string().optional(),
    signerName: z.string().optional(),
    signerManaged: z.boolean().optional(),
    trustedComment: z.string().optional(),
    signedAt: isoTime.optional(),
    signatureFile: z.string().optional(),
    besideFile: z.string().optional(),
    checksumList: z.string().optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    algorithm: z.string().optional(),
    trustedFrom: z
      .object({ addedAt: z.string().optional(), addedFrom: z.string().optional() })
      .strict()
      .optional(),
    signedMessage: z
      .object({ description: z.string(), bytes: z.number().int(), text: z.string().optional() })
      .strict()
      .optional(),
    details: labelled.optional(),
    notes: labelled.optional(),
    vouchedBy: z.string().optional(),
    signedAtSource: signedAtSource.optional(),
    issuerChain: z.array(z.string()).optional(),
  })
  .strict();

type VerifyResultJson = z.infer<typeof verifyResultSchema>;

// The schema and the type say the same: each fails to compile if one gains a field the other lacks.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const facts: Same<z.infer<typeof verdictFacts>, VerdictFacts> = true;
const result: Same<Omit<VerifyResultJson, 'schemaVersion'>, VerifyResult> = true;
const fields: Same<Exclude<keyof VerifyResultJson, 'schemaVersion'>, keyof VerifyResult> = true;
void facts;
void result;
void fields;
