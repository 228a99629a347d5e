/**
 * What a signed comment means, for the line under a verdict. minisign's default comment is
 * `timestamp:<unix seconds>\tfile:<name>` (newer versions add `\thashed`); anything else is the
 * signer's own words. Only comments from a valid signature reach here: the signer vouched for them.
 */
export interface SignedCommentMeaning {
  /** ISO 8601, from `timestamp:`. */
  signedAt?: string;
  /** The file name the signer signed, from `file:`. */
  forFile?: string;
  /** The signer's own words, when the comment is not minisign's structured form. */
  words?: string;
}

const FIELD = /^(timestamp|file|hashed)(?::(.*))?$/s;

export function readSignedComment(comment: string): SignedCommentMeaning {
  const fields = comment.split('\t');
  const parsed = fields.map((field) => FIELD.exec(field));
  if (comment.trim() === '' || parsed.some((match) => match === null)) {
    return comment.trim() === '' ? {} : { words: comment };
  }
  const meaning: SignedCommentMeaning = {};
  for (const match of parsed) {
    const [, key, value] = match!;
    if (key === 'timestamp' && value && /^\d{1,12}$/.test(value)) {
      const date = new Date(Number(value) * 1000);
      if (!Number.isNaN(date.getTime())) meaning.signedAt = date.toISOString();
    } else if (key === 'file' && value) meaning.forFile = value;
  }
  return meaning;
}

/** Whether the signer signed a file of another name (compared as shown: exact, case and all). */
export function namesAnotherFile(meaning: SignedCommentMeaning, checkedName: string): boolean {
  return meaning.forFile !== undefined && meaning.forFile !== checkedName;
}
