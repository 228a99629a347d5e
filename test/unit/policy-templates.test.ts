import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_VALUES } from '../../electron/core/policy/admin-values';
import { BUNDLE_ID } from '../../electron/core/policy/mac-managed-preferences';
import { readManagedPolicy } from '../../electron/core/policy/managed-policy';
import { POLICY_KEY } from '../../electron/core/policy/windows-registry';
import { allElements, parseXml } from '../helpers/xml-tree';

// The deployment templates an administrator imports: well-formed, and naming exactly the values
// the code reads (core/policy/admin-values.ts), under the key and domain it reads them from.

const read = (path: string) => readFileSync(resolve(__dirname, '../../build/policy', path), 'utf8');
const NAMES = Object.values(ADMIN_VALUES)
  .map((value) => value.name)
  .sort();

describe('the XML reader the template checks rely on', () => {
  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['two roots', '<a/><b/>'],
    ['a bare ampersand', '<a>A & B</a>'],
  ])('refuses %s', (_label, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});

describe('Group Policy templates (ADMX and ADML)', () => {
  const admx = parseXml(read('windows/signet.admx'));
  const adml = parseXml(read('windows/en-US/signet.adml'));
  const policies = allElements(admx).filter((element) => element.name === 'policy');

  it('write exactly the values Signet reads, under the key it reads', () => {
    const written = policies.flatMap((policy) =>
      [policy, ...allElements(policy)]
        .map((element) => element.attributes.valueName)
        .filter((name) => name !== undefined),
    );
    expect([...new Set(written)].sort()).toEqual(NAMES);
    for (const policy of policies) {
      expect(policy.attributes.class).toBe('Machine');
      expect(`HKLM\\${policy.attributes.key}`).toBe(POLICY_KEY);
    }
    const booleans = Object.values(ADMIN_VALUES)
      .filter((value) => value.type === 'boolean')
      .map((value) => value.name);
    for (const name of booleans) {
      const policy = policies.find((p) => p.attributes.valueName === name)!;
      expect(
        allElements(policy)
          .filter((e) => e.name === 'decimal')
          .map((e) => e.attributes.value),
      ).toEqual(['1', '0']);
    }
  });

  it('name only strings and presentations the ADML defines', () => {
    const strings = new Set(
      allElements(adml)
        .filter((e) => e.name === 'string')
        .map((e) => e.attributes.id),
    );
    const presentations = allElements(adml).filter((e) => e.name === 'presentation');
    const referenced = allElements(admx)
      .flatMap((e) => Object.values(e.attributes))
      .join(' ');
    for (const [, id] of referenced.matchAll(/\$\(string\.([\w]+)\)/g)) expect(strings, id).toContain(id);
    for (const [, id] of referenced.matchAll(/\$\(presentation\.([\w]+)\)/g)) {
      const presentation = presentations.find((p) => p.attributes.id === id);
      expect(presentation, id).toBeDefined();
      const textIds = allElements(
        policies.find((p) => p.attributes.presentation === `$(presentation.${id})`)!,
      )
        .filter((e) => e.name === 'text')
        .map((e) => e.attributes.id);
      expect(
        allElements(presentation!)
          .filter((e) => e.name === 'textBox')
          .map((e) => e.attributes.refId),
      ).toEqual(textIds);
    }
  });
});

describe('the macOS configuration profile', () => {
  const text = read('macos/signet.mobileconfig');
  const profile = parseXml(text);

  it('is a well-formed plist whose payload sets the app’s managed preferences with names Signet reads', () => {
    expect(profile.name).toBe('plist');
    const payload = allElements(profile).find(
      (e) =>
        e.name === 'dict' &&
        e.children.some((c, i) => c.text === 'PayloadType' && e.children[i + 1]?.text === BUNDLE_ID),
    );
    expect(payload).toBeDefined();
    const keys = payload!.children
      .filter((c) => c.name === 'key')
      .map((c) => c.text)
      .filter((k) => !k.startsWith('Payload'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(NAMES).toContain(key);
  });

  it('reads, as macOS would place it in Managed Preferences, as a valid policy', async () => {
    const inner = /<array>\s*(<dict>[\s\S]*?<\/dict>)\s*<\/array>/.exec(text)![1]!;
    const dir = await mkdtemp(join(tmpdir(), 'signet-profile-'));
    const path = join(dir, `${BUNDLE_ID}.plist`);
    await writeFile(
      path,
      `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n${inner}\n</plist>\n`,
    );
    const policy = await readManagedPolicy({ file: join(dir, 'none.json'), managedPreferences: { path } });
    expect(policy.file).toMatchObject({
      allowUserSigners: false,
      onlyListedSigners: true,
      checkEveryDownload: true,
    });
    expect(policy.sources).toEqual([{ channel: 'configuration-profile', where: path }]);
    await rm(dir, { recursive: true });
  });
});
