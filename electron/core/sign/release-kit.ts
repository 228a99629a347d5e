import { type MinisignKitKey, minisignKitPart } from './minisign-kit-part';

/**
 * What one signing key adds to a release kit: the hook for each key kind. minisign's is in
 * ./minisign-kit-part.ts; OpenPGP's adds its armored certificate and fingerprint to `key`, its .asc
 * files to `besideFiles`, and `gpg --verify` lines for sh and for Windows, where Gpg4win provides gpg.
 * A release signed with several keys gets one part per key; the kit adds the checksum-list lines
 * (sha256sum, Get-FileHash) once.
 */
export interface ReleaseKitPart {
  /** The signature files it writes beside the release files, for a list and the files in it. */
  besideFiles(listName: string, files: readonly string[]): string[];
  /** What to publish where the person controls it: the key's name, id or fingerprint, and the key. */
  key: string[];
  /** Commands that check the list's signature ('#' lines say what the next one does). */
  checkList(listName: string): { unix: string[]; windows: string[] };
  /** Commands that check one file on its own, with its signature beside it. */
  checkFile(file: string): { unix: string[]; windows: string[] };
}

export interface ReleaseKit {
  /** "beside-files" first, then "key-elsewhere"; each text ends with a newline. */
  sections: ReleaseKitSection[];
  /** Both sections with their titles: what is copied whole and saved as a file. */
  text: string;
}

interface ReleaseKitSection {
  id: 'beside-files' | 'key-elsewhere';
  title: string;
  /** What the section is for, in one or two sentences. */
  why: string;
  text: string;
}

const BESIDE_TITLE = 'Publish beside the files';
const BESIDE_WHY =
  'On the download page or mirror, next to the release files. On their own these prove nothing: people check them with the key you publish where you control it.';
const KEY_TITLE = 'Publish the key where you control it';
const KEY_WHY =
  'On your own website, in your README or on a key server — not beside the files: whoever can replace a file on a mirror could replace a key there too.';

/**
 * The release kit: what goes beside the files (the checksum list and every signature file) kept
 * apart from what must come from a place the publisher controls (the key and the commands, which
 * carry the key). The commands are given for Linux and macOS (sh) and for Windows (PowerShell), and
 * work as pasted in the folder that holds the files; test/interop/release-kit.test.ts runs the sh ones.
 */
export function assembleReleaseKit(input: {
  listName: string;
  /** The checksum list's exact text (sha256sum lines). */
  listText: string;
  parts: readonly ReleaseKitPart[];
}): ReleaseKit {
  const entries = listedEntries(input.listText);
  const files = entries.map((entry) => entry.name);
  const first = entries[0];
  const beside = [
    input.listName,
    ...new Set(input.parts.flatMap((part) => part.besideFiles(input.listName, files))),
  ];
  const besideText = [
    ...beside.map((name) => `  ${name}`),
    '',
    `${input.listName}:`,
    input.listText.trimEnd(),
  ];

  const unix = [
    ...input.parts.flatMap((part) => part.checkList(input.listName).unix),
    `# every file against ${input.listName}`,
    `sha256sum -c ${shellWord(input.listName)}`,
  ];
  const windows = [
    ...input.parts.flatMap((part) => part.checkList(input.listName).windows),
    `# every file against ${input.listName}`,
    getFileHashLoop(input.listName),
  ];
  if (first) {
    unix.push(
      `# one file on its own, with its signature beside it`,
      ...input.parts.flatMap((part) => part.checkFile(first.name).unix),
    );
    windows.push(
      `# one file on its own, with its signature beside it`,
      ...input.parts.flatMap((part) => part.checkFile(first.name).windows),
      `# or its checksum alone: True when it matches ${input.listName}`,
      `(Get-FileHash -Algorithm SHA256 -LiteralPath ${powershellWord(first.name)}).Hash -eq '${first.sha256}'`,
    );
  }
  const keyText = [
    ...input.parts.flatMap((part, index) => (index === 0 ? part.key : ['', ...part.key])),
    '',
    'To check the files, run these in the folder that holds them.',
    '',
    'Linux and macOS:',
    '',
    ...unix,
    '',
    'Windows (PowerShell):',
    '',
    ...windows,
  ];

  return kitOfSections(besideText, keyText);
}

/**
 * A kit from the lines of its two sections, for a release that has no checksum list of its own
 * (OpenPGP's apache style: FILE.asc and FILE.sha512 beside each file).
 */
export function kitOfSections(besideText: readonly string[], keyText: readonly string[]): ReleaseKit {
  const sections: ReleaseKitSection[] = [
    { id: 'beside-files', title: BESIDE_TITLE, why: BESIDE_WHY, text: `${besideText.join('\n')}\n` },
    { id: 'key-elsewhere', title: KEY_TITLE, why: KEY_WHY, text: `${keyText.join('\n')}\n` },
  ];
  const text = sections
    .map((section) => {
      const rule = '='.repeat(section.title.length + 6);
      return `${rule}\n== ${section.title} ==\n${rule}\n${section.why}\n\n${section.text}`;
    })
    .join('\n');
  return { sections, text };
}

export interface ReleaseKitInput extends MinisignKitKey {
  /** The checksum list's file name (SHA256SUMS) and its exact text. */
  listName: string;
  listText: string;
}

/** The kit of a release signed with one minisign key (the app's and `signet sign --kit`'s). */
export function releaseKit(input: ReleaseKitInput): ReleaseKit {
  return assembleReleaseKit({
    listName: input.listName,
    listText: input.listText,
    parts: [minisignKitPart(input)],
  });
}

/** The whole kit as one text, as saved to a file. */
export function releaseKitText(input: ReleaseKitInput): string {
  return releaseKit(input).text;
}

/** A name as one POSIX shell word: bare when it is plain, else single-quoted. */
export function shellWord(name: string): string {
  if (/^[A-Za-z0-9._+/@%=:,-]+$/.test(name) && !name.startsWith('-')) return name;
  const quoted = `'${name.replace(/'/g, `'\\''`)}'`;
  return name.startsWith('-') ? `./${quoted}` : quoted;
}

/**
 * A name as one PowerShell string literal: single-quoted, where PowerShell also reads the curly
 * single quotes as quotes, so each of them is doubled too.
 */
export function powershellWord(name: string): string {
  return `'${name.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/** Each list line's hash against the file's own, as `sha256sum -c` says it ("NAME: OK"). */
function getFileHashLoop(listName: string): string {
  return [
    `Get-Content -LiteralPath ${powershellWord(listName)} | ForEach-Object {`,
    `$sum, $name = $_ -split '  ', 2;`,
    `$ok = (Get-FileHash -Algorithm SHA256 -LiteralPath $name).Hash -eq $sum;`,
    `"\${name}: $(if ($ok) { 'OK' } else { 'FAILED' })" }`,
  ].join(' ');
}

/** Entries of a GNU-style list (plain lines only; escaped ones are left to the tools). */
function listedEntries(listText: string): Array<{ name: string; sha256: string }> {
  const entries: Array<{ name: string; sha256: string }> = [];
  for (const line of listText.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (match) entries.push({ sha256: match[1]!, name: match[2]! });
  }
  return entries;
}
