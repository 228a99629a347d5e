import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './run';

/** A marker the tests can find in the package's string pool (stored uncompressed) and change. */
export const MSI_MARKER = 'Qzxw Signet Marker Corp';

/** An MSI built by wixl (Debian msitools) from a WiX source written here; small unless given a payload. */
export async function buildMsi(dir: string, name: string, payloadBytes?: Uint8Array): Promise<string> {
  const payload = join(dir, `${name}.txt`);
  await writeFile(payload, payloadBytes ?? `payload of ${name}\n`);
  const wxs = join(dir, `${name}.wxs`);
  await writeFile(
    wxs,
    `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Signet Test ${name}" Language="1033" Version="1.0.0" Manufacturer="${MSI_MARKER}"
           UpgradeCode="6a1f8e6e-7d1c-4c55-9a44-0b9f3c2d1e01">
    <Package InstallerVersion="200" Compressed="yes" Comments="Signet test package"/>
    <Media Id="1" Cabinet="data.cab" EmbedCab="yes"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="SignetTest">
          <Component Id="Main" Guid="6a1f8e6e-7d1c-4c55-9a44-0b9f3c2d1e02">
            <File Id="payload" Source="${name}.txt"/>
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Complete" Level="1"><ComponentRef Id="Main"/></Feature>
  </Product>
</Wix>
`,
  );
  const out = join(dir, `${name}.msi`);
  // wixl resolves Source relative to where it runs and refuses absolute paths.
  const result = await run('wixl', ['-o', out, wxs], { cwd: dir });
  if (result.status !== 0) throw new Error(`wixl failed: ${result.stderr}`);
  return out;
}
