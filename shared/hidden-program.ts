import { hasHiddenCharacters } from './hidden-characters';

/** Endings Windows runs as a program when the file is opened. */
const PROGRAM_ENDINGS = new Set([
  'exe',
  'msi',
  'scr',
  'com',
  'pif',
  'bat',
  'cmd',
  'cpl',
  'lnk',
  'hta',
  'js',
  'jse',
  'vbs',
  'vbe',
  'wsf',
  'ps1',
  'jar',
  'msix',
  'appx',
  'reg',
]);

/** Endings of the documents and pictures a program's name pretends to be ("photo.jpg.exe"). */
const LOOKALIKE_ENDINGS = new Set([
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'ods',
  'rtf',
  'txt',
  'csv',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'bmp',
  'mp3',
  'mp4',
  'mov',
  'avi',
  'wav',
  'zip',
  'rar',
  '7z',
  'htm',
  'html',
  'eml',
]);

/** Whether Windows would run the file as a program when it is opened (by its real ending). */
export function runsAsProgram(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return (
    dot >= 0 &&
    PROGRAM_ENDINGS.has(
      name
        .slice(dot + 1)
        .trimEnd()
        .toLowerCase(),
    )
  );
}

/** What makes a name look like something else. */
type Disguise = 'hidden-characters' | 'spaces' | 'second-ending';

export interface HiddenProgram {
  /** The real ending, lower case, without the dot ("exe"). */
  ending: string;
  disguise: Disguise;
}

/**
 * A file whose name hides that Windows would run it: "invoice.pdf                .exe" (spaces push
 * the real ending out of sight), "invoice\u202Efdp.exe" (shows as invoiceexe.pdf), "photo.jpg.exe".
 * A plain "setup.exe" is not disguised and gets no warning: the ending is there to see.
 */
export function hiddenProgram(name: string): HiddenProgram | undefined {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ending = name.slice(dot + 1).toLowerCase();
  if (!PROGRAM_ENDINGS.has(ending)) return undefined;
  const stem = name.slice(0, dot);
  if (hasHiddenCharacters(name)) return { ending, disguise: 'hidden-characters' };
  if (/\s{2,}$|\s{3,}/.test(stem)) return { ending, disguise: 'spaces' };
  const inner = /\.([a-z0-9]{2,4})\s*$/i.exec(stem)?.[1]?.toLowerCase();
  if (inner && LOOKALIKE_ENDINGS.has(inner)) return { ending, disguise: 'second-ending' };
  return undefined;
}

/** One sentence for the card: what it really is and what hid it. */
export function hiddenProgramSentence(found: HiddenProgram): string {
  const how: Record<Disguise, string> = {
    'hidden-characters': 'hidden characters in its name make it look like another kind of file',
    spaces: `spaces in its name push the real ending, .${found.ending}, out of sight`,
    'second-ending': `its name ends in .${found.ending} after what looks like a document's ending`,
  };
  return `This is a Windows program: ${how[found.disguise]}. Open it only if you expected a program.`;
}
