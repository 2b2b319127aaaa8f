import { CatalogError } from '../catalog-error';
import { parseOrgUnitImport } from './org-unit-import';

describe(parseOrgUnitImport.name, () => {
  it('reads CSV with the header on line 1 and tells each record its physical line', () => {
    const csv = [
      'externalId,code,name,parentExternalId,validFrom,validTo',
      'HR-1,AREA,"Area Servizi Demografici",,2024-01-01,',
      '',
      'HR-2,STC,"Ufficio',
      'Stato Civile",HR-1,,',
    ].join('\n');
    expect(parseOrgUnitImport('csv', csv)).toEqual([
      {
        line: 2,
        externalId: 'HR-1',
        code: 'AREA',
        name: 'Area Servizi Demografici',
        parentExternalId: null,
        validFrom: '2024-01-01',
        validTo: null,
      },
      {
        line: 4,
        externalId: 'HR-2',
        code: 'STC',
        name: 'Ufficio\nStato Civile',
        parentExternalId: 'HR-1',
        validFrom: null,
        validTo: null,
      },
    ]);
  });

  it('accepts semicolons, a BOM, Italian column names and unknown extra columns', () => {
    const csv = '\uFEFFcodice;id;nome;parent_id;cost_centre\r\nAN;7;Anagrafe;;CC1\r\n';
    expect(parseOrgUnitImport('csv', csv)).toEqual([
      {
        line: 2,
        externalId: '7',
        code: 'AN',
        name: 'Anagrafe',
        parentExternalId: null,
        validFrom: null,
        validTo: null,
      },
    ]);
  });

  it('refuses a CSV whose header lacks a required column, naming it', () => {
    expect(() => parseOrgUnitImport('csv', 'externalId,name\n1,x\n')).toThrow(
      expect.objectContaining({
        code: 'INVALID_IMPORT_FILE',
        field: 'content',
        message: expect.stringContaining('missing: code'),
      }),
    );
  });

  it('reads JSON as an array or {units: [...]}, numbering records from 1', () => {
    const units = [{ externalId: 10, code: 'A', name: 'A' }, 'garbage'];
    const expected = [
      {
        line: 1,
        externalId: '10',
        code: 'A',
        name: 'A',
        parentExternalId: null,
        validFrom: null,
        validTo: null,
      },
      { line: 2, externalId: '', code: '', name: '', parentExternalId: null, validFrom: null, validTo: null },
    ];
    expect(parseOrgUnitImport('json', JSON.stringify(units))).toEqual(expected);
    expect(parseOrgUnitImport('json', JSON.stringify({ units }))).toEqual(expected);
  });

  it('refuses unreadable JSON', () => {
    expect(() => parseOrgUnitImport('json', '{"units": ')).toThrow(CatalogError);
    expect(() => parseOrgUnitImport('json', '{"a": 1}')).toThrow(
      expect.objectContaining({ code: 'INVALID_IMPORT_FILE' }),
    );
  });
});
