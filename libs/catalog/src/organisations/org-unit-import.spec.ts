import { CatalogError } from '../catalog-error';
import {
  type ExistingOrgUnit,
  type OrgUnitImportRow,
  parseOrgUnitImport,
  planOrgUnitImport,
} from './org-unit-import';

const ids = () => {
  let next = 0;
  return () => `new-${++next}`;
};

const row = (
  line: number,
  externalId: string,
  code: string,
  parentExternalId: string | null = null,
): OrgUnitImportRow => ({
  line,
  externalId,
  code,
  name: `Unit ${code}`,
  parentExternalId,
  validFrom: null,
  validTo: null,
});

const unit = (
  id: string,
  externalId: string | null,
  code: string,
  parentId: string | null = null,
): ExistingOrgUnit => ({
  id,
  externalId,
  code,
  name: `Unit ${code}`,
  parentId,
  validFrom: null,
  validTo: null,
});

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

describe(planOrgUnitImport.name, () => {
  it('creates a new tree, children pointing at their parents new ids', () => {
    const plan = planOrgUnitImport([row(2, 'c', 'C', 'p'), row(3, 'p', 'P')], [], ids());
    expect(plan.rejected).toEqual([]);
    const parent = plan.create.find((draft) => draft.externalId === 'p')!;
    expect(plan.create.find((draft) => draft.externalId === 'c')!.parentId).toBe(parent.id);
    expect(parent.parentId).toBeNull();
  });

  it('classifies rows against the existing units by HR id', () => {
    const existing = [unit('u1', 'a', 'A'), unit('u2', 'b', 'B', 'u1'), unit('u3', null, 'MANUAL')];
    const plan = planOrgUnitImport(
      [row(2, 'a', 'A'), { ...row(3, 'b', 'B', 'a'), name: 'Renamed' }, row(4, 'c', 'C', 'b')],
      existing,
      ids(),
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.update).toEqual([expect.objectContaining({ id: 'u2', name: 'Renamed', parentId: 'u1' })]);
    expect(plan.create).toEqual([expect.objectContaining({ externalId: 'c', parentId: 'u2' })]);
  });

  it('rejects field problems with line and field, and keeps the valid rows', () => {
    const plan = planOrgUnitImport(
      [row(2, '', 'A'), { ...row(3, 'b', 'has space'), validFrom: '2024-02-30' }, row(4, 'c', 'C')],
      [],
      ids(),
    );
    expect(plan.rejected).toEqual([
      { line: 2, field: 'externalId', code: 'BAD_USER_INPUT', message: expect.any(String) },
      { line: 3, field: 'code', code: 'BAD_USER_INPUT', message: expect.any(String) },
      { line: 3, field: 'validFrom', code: 'INVALID_DATE', message: expect.any(String) },
    ]);
    expect(plan.create.map((draft) => draft.externalId)).toEqual(['c']);
  });

  it('rejects unknown parents, and children of rejected rows in cascade', () => {
    const plan = planOrgUnitImport(
      [row(2, 'a', 'A', 'ghost'), row(3, 'b', 'B', 'a'), row(4, 'c', 'C', 'b'), row(5, 'd', 'D')],
      [],
      ids(),
    );
    expect(plan.rejected.map((r) => [r.line, r.field, r.code])).toEqual([
      [2, 'parentExternalId', 'UNKNOWN_PARENT'],
      [3, 'parentExternalId', 'UNKNOWN_PARENT'],
      [4, 'parentExternalId', 'UNKNOWN_PARENT'],
    ]);
    expect(plan.rejected[1]!.message).toContain('line 2');
    expect(plan.create.map((draft) => draft.externalId)).toEqual(['d']);
  });

  it('rejects the rows forming a cycle, in the file or together with the existing tree', () => {
    const inFile = planOrgUnitImport(
      [row(2, 'a', 'A', 'b'), row(3, 'b', 'B', 'a'), row(4, 'c', 'C', 'a')],
      [],
      ids(),
    );
    expect(inFile.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'ORG_UNIT_CYCLE'],
      [3, 'ORG_UNIT_CYCLE'],
      [4, 'UNKNOWN_PARENT'],
    ]);

    const existing = [unit('u1', 'root', 'ROOT'), unit('u2', 'child', 'CHILD', 'u1')];
    const withDb = planOrgUnitImport([row(2, 'root', 'ROOT', 'child')], existing, ids());
    expect(withDb.rejected).toEqual([
      expect.objectContaining({ line: 2, field: 'parentExternalId', code: 'ORG_UNIT_CYCLE' }),
    ]);
    expect(withDb.update).toEqual([]);
  });

  it('rejects every copy of a duplicated HR id', () => {
    const plan = planOrgUnitImport([row(2, 'a', 'A'), row(3, 'a', 'A2'), row(4, 'b', 'B')], [], ids());
    expect(plan.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'DUPLICATE_EXTERNAL_ID'],
      [3, 'DUPLICATE_EXTERNAL_ID'],
    ]);
  });

  it('rejects a code already held by another unit or an earlier line, but allows swaps', () => {
    const existing = [unit('u1', 'a', 'A'), unit('u2', 'b', 'B'), unit('u3', null, 'MANUAL')];
    const plan = planOrgUnitImport(
      [row(2, 'a', 'B'), row(3, 'b', 'A'), row(4, 'c', 'MANUAL'), row(5, 'd', 'D'), row(6, 'e', 'D')],
      existing,
      ids(),
    );
    expect(plan.rejected.map((r) => [r.line, r.field, r.code])).toEqual([
      [4, 'code', 'DUPLICATE_CODE'],
      [6, 'code', 'DUPLICATE_CODE'],
    ]);
    expect(plan.update.map((draft) => [draft.id, draft.code])).toEqual([
      ['u1', 'B'],
      ['u2', 'A'],
    ]);
  });

  it('gives a code back to its owner when the row taking it elsewhere is rejected', () => {
    const existing = [unit('u1', 'a', 'A')];
    // a gives up code A but points to an unknown parent; b would take A.
    const plan = planOrgUnitImport(
      [{ ...row(2, 'a', 'Z'), parentExternalId: 'ghost' }, row(3, 'b', 'A')],
      existing,
      ids(),
    );
    expect(plan.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'UNKNOWN_PARENT'],
      [3, 'DUPLICATE_CODE'],
    ]);
  });

  it('reports everything unchanged when the same file comes again', () => {
    const rows = [row(2, 'p', 'P'), row(3, 'c', 'C', 'p')];
    const first = planOrgUnitImport(rows, [], ids());
    const saved = first.create.map((draft) => ({ ...draft }));
    expect(planOrgUnitImport(rows, saved, ids())).toEqual({
      create: [],
      update: [],
      unchanged: 2,
      rejected: [],
    });
  });
});
