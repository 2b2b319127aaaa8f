import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * publiccode.yml (standard 0.4) is what the Developers Italia catalogue reads: checked statically
 * for the keys the standard makes mandatory and for agreement with package.json.
 */
interface Description {
  shortDescription?: string;
  longDescription?: string;
  features?: string[];
}

interface PublicCode {
  publiccodeYmlVersion?: string;
  name?: string;
  url?: string;
  platforms?: string[];
  categories?: string[];
  developmentStatus?: string;
  softwareType?: string;
  description?: Record<string, Description>;
  legal?: { license?: string };
  maintenance?: { type?: string; contacts?: { name?: string }[]; contractors?: { name?: string }[] };
  localisation?: { localisationReady?: boolean; availableLanguages?: string[] };
  dependsOn?: { open?: { name: string }[] };
  it?: { countryExtensionVersion?: string; piattaforme?: Record<string, boolean> };
}

const root = join(__dirname, '..', '..');
const publiccode = parse(readFileSync(join(root, 'publiccode.yml'), 'utf8')) as PublicCode;
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string };

describe('publiccode.yml', () => {
  it('has the mandatory top-level keys with allowed values', () => {
    expect(publiccode.publiccodeYmlVersion).toBe('0.4');
    expect(publiccode.name).toEqual(expect.any(String));
    expect(() => new URL(publiccode.url ?? '')).not.toThrow();
    expect(publiccode.platforms).toContain('web');
    expect(publiccode.categories?.length).toBeGreaterThan(0);
    expect(['concept', 'development', 'beta', 'stable', 'obsolete']).toContain(publiccode.developmentStatus);
    expect(publiccode.softwareType).toBe('standalone/web');
  });

  it.each(['it', 'en'])('describes the software in "%s" within the length limits', (language) => {
    const description = publiccode.description?.[language];
    expect(description?.shortDescription?.length).toBeLessThanOrEqual(150);
    expect(description?.longDescription?.length).toBeGreaterThanOrEqual(150);
    expect(description?.longDescription?.length).toBeLessThanOrEqual(10_000);
    expect(description?.features?.length).toBeGreaterThan(0);
  });

  it('declares the licence package.json declares, and a LICENSE file with its text exists', () => {
    expect(publiccode.legal?.license).toBe(packageJson.license);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
  });

  it('says who maintains it, in which languages, and on what it depends', () => {
    const maintenance = publiccode.maintenance;
    expect(['internal', 'contract', 'community', 'none']).toContain(maintenance?.type);
    if (maintenance?.type === 'internal' || maintenance?.type === 'community') {
      expect(maintenance.contacts?.[0]?.name).toEqual(expect.any(String));
    }
    if (maintenance?.type === 'contract')
      expect(maintenance.contractors?.[0]?.name).toEqual(expect.any(String));
    expect(publiccode.localisation?.localisationReady).toEqual(expect.any(Boolean));
    expect(publiccode.localisation?.availableLanguages).toEqual(expect.arrayContaining(['it', 'en']));
    expect(publiccode.dependsOn?.open?.map((dependency) => dependency.name)).toEqual(
      expect.arrayContaining(['PostgreSQL', 'Temporal']),
    );
  });

  it('has the Italian extension with the national platforms the product uses', () => {
    expect(publiccode.it?.countryExtensionVersion).toBe('1.0');
    expect(publiccode.it?.piattaforme).toMatchObject({ spid: true, cie: true, pagopa: true, io: true });
  });
});
