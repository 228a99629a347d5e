import { basename } from 'node:path';
import type { KeyInfo } from '../../../shared/ipc/contract';
import { printable, printableComment } from '../../../shared/printable';
import { SignetError } from '../../core/errors';
import { pathExists } from '../../core/fs/path-exists';
import { chooseOrConfirm } from './choose-or-confirm';
import type { HandlerDeps } from './types';

/** What the person agreed to in main's dialog: which existing outputs may be replaced, which skipped. */
export interface SignPlanAnswer {
  replace: Set<string>;
  skip: Set<string>;
}

const SHOWN_PER_GROUP = 12;

/**
 * Before anything is signed, main's own dialog says what each key will write and what replace
 * (every signature, every checksum list) and asks: each key with its style (or signed comment) and
 * the files it writes, then every file already there. With existing outputs the person may replace
 * them or skip those files; the page cannot answer for them. Cancel ends the request with nothing signed.
 */
export async function confirmSignPlan(
  deps: HandlerDeps,
  plan: {
    files: readonly string[];
    parts: readonly {
      key: Pick<KeyInfo, 'name' | 'keyId'>;
      outputs: readonly string[];
      /** The release style, shown instead of a signed comment (which such a style does not sign). */
      style?: string;
      trustedComment?: string | undefined;
    }[];
  },
): Promise<SignPlanAnswer> {
  const existing: string[] = [];
  const detail: string[] = [];
  for (const part of plan.parts) {
    const fresh: string[] = [];
    for (const output of part.outputs) ((await pathExists(output)) ? existing : fresh).push(output);
    detail.push(
      '',
      `Key: ${printable(part.key.name)} (key id ${part.key.keyId})`,
      part.style !== undefined
        ? `Style: ${part.style}`
        : `Signed comment: ${part.trustedComment === undefined ? 'the time and each file’s name' : printableComment(part.trustedComment)}`,
      ...group(`Will write (${fresh.length}):`, fresh),
    );
  }
  detail.push(
    ...group(`Already there, will be replaced unless you skip them (${existing.length}):`, existing),
  );
  const what = printable(plan.files.length === 1 ? basename(plan.files[0]!) : `${plan.files.length} files`);
  const only = plan.parts.length === 1 ? plan.parts[0] : undefined;
  const question = `Sign ${what} with ${only ? `“${printable(only.key.name)}”` : `${plan.parts.length} keys`}?`;
  const request = { title: 'Sign files', message: question, detail: detail.join('\n').trimStart() };
  if (existing.length === 0) {
    const go = await deps.confirm.confirm({ ...request, confirmLabel: 'Sign' });
    if (!go) throw new SignetError('cancelled', 'You chose not to sign. Nothing was signed.');
    return { replace: new Set(), skip: new Set() };
  }
  const replaceRequest = {
    ...request,
    message: `${question} ${existing.length === 1 ? `${printable(basename(existing[0]!))} already exists.` : `${existing.length} of the files to write already exist.`}`,
    confirmLabel: 'Replace and sign',
  };
  const answer = await chooseOrConfirm(deps.confirm, {
    ...replaceRequest,
    alternativeLabel: 'Skip those that exist',
  });
  if (answer === 'cancel') {
    throw new SignetError(
      'cancelled',
      'You chose not to replace existing files. Nothing was signed or replaced.',
    );
  }
  return answer === 'confirm'
    ? { replace: new Set(existing), skip: new Set() }
    : { replace: new Set(), skip: new Set(existing) };
}

function group(title: string, paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const shown = paths.slice(0, SHOWN_PER_GROUP).map((path) => `  ${printable(path)}`);
  const more = paths.length > SHOWN_PER_GROUP ? [`  and ${paths.length - SHOWN_PER_GROUP} more`] : [];
  return ['', title, ...shown, ...more];
}
