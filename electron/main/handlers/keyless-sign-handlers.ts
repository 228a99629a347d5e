import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KeylessSignResponse, SignOutcome } from '../../../shared/ipc/contract';
import type { VerifyResult } from '../../../shared/verdict';
import { plainMessage, SignetError } from '../../core/errors';
import { givenIdentityEntry } from '../../core/formats/sigstore-identity';
import { pathExists } from '../../core/fs/path-exists';
import { keylessReleaseKitText } from '../../core/sign/keyless-release-kit';
import { runSignJob } from '../../core/sign/sign-job';
import { verifyArtifact } from '../../core/verify/verify-artifact';
import type { JobRegistry } from './job-registry';
import { createProgressReporter } from './progress-reporter';
import type { HandlerDeps, Handlers, KeylessInstancePort } from './types';

/** The title of main's consent dialog, as the button the person pressed says it. */
const CONSENT_TITLE = 'Sign with your identity (Sigstore)';

/**
 * Keyless signing in the app: the login in the person's own browser (shell.openExternal), main's
 * own dialog with what becomes public before anything is sent, one certificate for every file, and
 * each bundle then checked with the instance's trusted root for the exact identity, as the card a
 * person checking it would see.
 */
export function createKeylessSignHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
): Pick<Handlers, 'signKeyless'> {
  return {
    async signKeyless(request) {
      const door = await import('../../core/formats/sigstore-signing');
      const files = await deps.grants.resolveFiles(request.files, 'sign');
      const bundles = files.map((file) => `${file}${door.BUNDLE_SUFFIX}`);
      const existing: string[] = [];
      for (const bundle of bundles) if (await pathExists(bundle)) existing.push(bundle);
      if (existing.length > 0) {
        const replace = await deps.confirm.confirm({
          title: 'Replace signatures?',
          message: `${existing.length === 1 ? 'A bundle' : `${existing.length} bundles`} already exist beside these files.`,
          detail: existing.map((path) => basename(path)).join('\n'),
          confirmLabel: 'Replace',
        });
        if (!replace) throw new SignetError('cancelled', 'Nothing was replaced and nothing was signed.');
      }
      return jobs.run(request.jobId, async (signal) => {
        const given = await (deps.keylessInstance ?? environmentInstance).files();
        const instance = await door.keylessInstance(given, deps.sigstoreRoot);
        const session = await door.keylessSignIn({
          instance,
          fileCount: files.length,
          // The app signs as the person at the screen, never with a token the environment holds.
          env: {},
          login: (issuer) =>
            door.browserLogin({ issuer, open: (url) => deps.shell.openExternal(url), signal }),
          consent: (words) =>
            deps.confirm.confirm({
              title: CONSENT_TITLE,
              message: words.message,
              detail: `${words.detail}\n\n${files.map((file) => basename(file)).join('\n')}`,
              confirmLabel: 'Sign and publish',
            }),
        });
        const progress = createProgressReporter({
          jobId: request.jobId,
          fileCount: files.length,
          emit: deps.emit,
          now,
        });
        const asked = (index: number) => request.files[index]!;
        const outcomes: SignOutcome[] = [];
        const written: { file: string; signatureFile: string }[] = [];
        const done = await runSignJob({
          files,
          key: door.keylessJobKey(session),
          format: door.KEYLESS_FORMAT,
          overwrite: (output) => existing.includes(output),
          skip: () => false,
          ...(deps.hashing ? { digest: deps.hashing.digestFile } : {}),
          signal,
          regularOnly: true,
          activityDir: deps.activityDir,
          now: () => new Date(now()),
          report: {
            signed: (index, signed) => {
              deps.grants.grant([signed.signatureFile], 'written');
              written.push(signed);
              outcomes.push({
                file: asked(index),
                signatureFile: signed.signatureFile,
                sha256: signed.sha256,
              });
            },
            failed: (index, error) => outcomes.push({ file: asked(index), error: plainMessage(error) }),
            progress: (index, bytesDone, bytesTotal) =>
              progress.update(index, asked(index), bytesDone, bytesTotal),
            logFailed: (error) =>
              console.error('Signet could not add to the activity log:', plainMessage(error)),
          },
        });
        const trusted = await deps.trust.listAll();
        // The card is checked with the root signing used: the private one, else the app's default.
        const material = given.trustedRoot
          ? {
              sigstoreTrustedRoot: {
                json: JSON.parse(Buffer.from(given.trustedRoot.bytes).toString('utf8')) as unknown,
                source: given.trustedRoot.source,
              },
            }
          : deps.sigstoreRoot;
        const cards: VerifyResult[] = [];
        for (const { file, signatureFile } of written) {
          cards.push(
            await verifyArtifact(file, {
              signatureFile,
              givenEntries: [givenIdentityEntry(session.identity, session.issuer, trusted)],
              ...(material ? { material } : {}),
              ...(deps.hashing ? { digest: deps.hashing.digestFile } : {}),
              signal,
            }),
          );
        }
        const response: KeylessSignResponse = {
          outcomes,
          identity: session.identity,
          issuer: session.issuer,
          recheck: {
            checked: done.recheck.checked,
            failed: done.recheck.failed.map(({ signatureFile, problem }) => ({
              file: signatureFile,
              problem,
            })),
          },
          cards,
          kit: keylessReleaseKitText({
            identity: session.identity,
            issuer: session.issuer,
            signed: written,
            ...(given.trustedRoot ? { trustedRootFileName: basename(given.trustedRoot.source) } : {}),
          }),
        };
        return response;
      });
    },
  };
}

/**
 * A private instance named in the environment (SIGNET_SIGSTORE_SIGNING_CONFIG and
 * SIGNET_SIGSTORE_TRUSTED_ROOT, paths); the public-good instance otherwise. The organisation's
 * managed setting takes this place when it lands.
 */
const environmentInstance: KeylessInstancePort = {
  async files() {
    const read = async (path: string | undefined) =>
      path ? { bytes: new Uint8Array(await readFile(path)), source: path } : undefined;
    const signingConfig = await read(process.env.SIGNET_SIGSTORE_SIGNING_CONFIG);
    const trustedRoot = await read(process.env.SIGNET_SIGSTORE_TRUSTED_ROOT);
    return { ...(signingConfig ? { signingConfig } : {}), ...(trustedRoot ? { trustedRoot } : {}) };
  },
};
