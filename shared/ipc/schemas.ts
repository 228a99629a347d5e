import { z } from 'zod';
import { isHiddenCharacter } from '../hidden-characters';

/** An absolute local path as the renderer may name it: bounded, no NUL, no URL. */
export const localPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL character')
  .refine(
    (p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'),
    'path must be absolute',
  );

/** Identifies one long-running job so its progress and cancel can be matched. */
export const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'job id must be 1-64 letters, digits, - or _');

/** minisign/signify key id: 16 uppercase hex digits; SSH: SHA256 fingerprint. */
export const keyId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^(?:[0-9A-F]{16}|SHA256:[A-Za-z0-9+/]{43})$/, 'not a key id');

export const displayName = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(100, 'the name is too long (100 characters at most)')
  .refine((s) => ![...s].some(isHiddenCharacter), 'the name contains control characters');

/** Passphrases travel once, renderer -> main, and are never sent back. */
export const passphrase = z.string().max(1024);

export const noteText = z.string().max(1000);
