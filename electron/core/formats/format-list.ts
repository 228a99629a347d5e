import { authenticodeDescriptor } from './authenticode/descriptor';
import type { FormatDescriptor } from './format-module';
import { minisignDescriptor } from './minisign/descriptor';
import { openpgpDescriptor } from './openpgp/descriptor';
import { signifyDescriptor } from './signify/descriptor';
import { sigstoreDescriptor } from './sigstore/descriptor';
import { sshDescriptor } from './sshsig/descriptor';

/**
 * Every signature kind Signet reads, in recognition order (minisign before signify: both start
 * "untrusted comment:", and only minisign's third line is "trusted comment:"). Discovery and
 * verification walk this list; adding a format touches its folder and this list (and
 * `entry-schemas.ts` when it owns a trust entry kind).
 * Only the descriptors are loaded here: a module's code (and its libraries) loads when a file it
 * reads turns up, so checking a minisign signature never loads openpgp.js, pkijs or Sigstore.
 */
export const FORMATS: readonly FormatDescriptor[] = [
  sshDescriptor,
  minisignDescriptor,
  signifyDescriptor,
  sigstoreDescriptor,
  authenticodeDescriptor,
  openpgpDescriptor,
];
