import { SignetError } from '../../core/errors';
import { embeddedSigningFor } from '../../core/formats/key-files';
import { signingFormatForKey } from '../../core/formats/signing-formats';
import { pathExists } from '../../core/fs/path-exists';
import { defaultSignedComment, signatureFileOf } from '../../core/sign/sign-job';
import type { JobRegistry } from './job-registry';
import { signInside } from './sign-inside';
import { signWithKeys } from './sign-with-keys';
import type { HandlerDeps, Handlers } from './types';

export function createSignHandlers(
  deps: HandlerDeps,
  jobs: JobRegistry,
  now: () => number,
): Pick<Handlers, 'signFiles' | 'existingSignatures' | 'previewTrustedComment' | 'signingStyles'> {
  return {
    async existingSignatures({ files, keyId }) {
      const real = await deps.grants.resolveFiles(files, 'sign');
      const existing: string[] = [];
      const key = keyId ? (await deps.keystore.list()).find((k) => k.id === keyId) : undefined;
      const inside = key ? await embeddedSigningFor(key.kind) : undefined;
      if (inside) {
        // A signature inside the file: the preflight lists the files whose signature signing changes.
        for (const [index, file] of real.entries()) {
          if (await inside.alreadySigned?.(file).catch(() => false)) existing.push(files[index]!);
        }
        return { existing };
      }
      for (const [index, file] of real.entries()) {
        if (await pathExists(await signatureFileOf(file))) existing.push(files[index]!);
      }
      return { existing };
    },

    async previewTrustedComment({ file }) {
      const real = await deps.grants.resolveFile(file, 'sign');
      return { trustedComment: (await defaultSignedComment(real, new Date(now()))) ?? '' };
    },

    async signingStyles({ keyId }) {
      const keyInfo = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
      if (!keyInfo) throw new SignetError('usage', 'That key is not in your keystore any more.');
      const { side } = await signingFormatForKey(keyInfo.kind);
      return {
        styles: (side.styles ?? []).map(({ name, description }) => ({ name, description })),
        signsComment: side.checkComment !== undefined,
      };
    },

    async signFiles(request) {
      const { jobId, keyId } = request;
      // Only files the person handed over; the outputs are main's choice, beside them.
      const files = await deps.grants.resolveFiles(request.files, 'sign');
      const keyInfo = (await deps.keystore.list()).find((candidate) => candidate.id === keyId);
      if (!keyInfo)
        throw new SignetError('usage', 'That key is not in your keystore any more. Nothing was signed.');
      const inside = await embeddedSigningFor(keyInfo.kind);
      if (inside) {
        const { shownKeyDetails } = await import('../../core/formats/key-files');
        return signInside(deps, jobs, {
          jobId,
          key: await shownKeyDetails(keyInfo),
          side: inside,
          asked: request.files,
          files,
          ...(request.timestampUrl ? { timestampUrl: request.timestampUrl } : {}),
          ...(request.description ? { description: request.description } : {}),
          ...(request.url ? { url: request.url } : {}),
        });
      }
      // Every other key signs through the one path a release signed with several keys takes.
      const { parts } = await signWithKeys(deps, jobs, now, {
        jobId,
        files: request.files,
        keys: [{ keyId, ...(request.style ? { style: request.style } : {}) }],
        writeChecksumList: request.writeChecksumList,
        ...(request.trustedComment !== undefined ? { trustedComment: request.trustedComment } : {}),
      });
      const { keyId: _keyId, keyName: _keyName, style: _style, ...signed } = parts[0]!;
      return signed;
    },
  };
}
