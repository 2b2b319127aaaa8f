import fc from 'fast-check';
import { unitsOnCycles } from './org-unit-tree';
import { type ExistingOrgUnit, type OrgUnitImportRow, planOrgUnitImport } from './org-unit-import-plan';

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

  it('property: applying any plan leaves a tree without loops, dangling parents or shared codes', () => {
    const hrIds = ['a', 'b', 'c', 'd', 'e', 'f', 'ghost'];
    const codes = ['A', 'B', 'C', 'D'];
    // Existing units form a forest: each one's parent comes earlier in the list.
    const existingUnits = fc
      .array(fc.tuple(fc.option(fc.nat(), { nil: null }), fc.boolean()), { maxLength: 5 })
      .map((specs) =>
        specs.map(([parent, hasHrId], i) =>
          unit(
            `u${i}`,
            hasHrId ? hrIds[i]! : null,
            `OLD${i}`,
            i > 0 && parent !== null ? `u${parent % i}` : null,
          ),
        ),
      );
    const fileRows = fc
      .array(
        fc.record({
          externalId: fc.constantFrom(...hrIds.slice(0, -1)),
          code: fc.constantFrom(...codes, 'OLD0', 'OLD1'),
          parent: fc.option(fc.constantFrom(...hrIds), { nil: null }),
        }),
        { maxLength: 8 },
      )
      .map((specs) => specs.map((spec, i) => row(i + 2, spec.externalId, spec.code, spec.parent)));

    fc.assert(
      fc.property(existingUnits, fileRows, (existing, rows) => {
        const plan = planOrgUnitImport(rows, existing, ids());
        const after = new Map(existing.map((unit) => [unit.id, { ...unit }]));
        for (const draft of [...plan.create, ...plan.update]) after.set(draft.id, { ...draft });

        expect(unitsOnCycles(new Map([...after].map(([id, unit]) => [id, unit.parentId]))).size).toBe(0);
        for (const unit of after.values()) {
          if (unit.parentId !== null) expect(after.has(unit.parentId)).toBe(true);
        }
        const used = [...after.values()].map((unit) => unit.code);
        expect(new Set(used).size).toBe(used.length);
        // Every row is written, unchanged or rejected; a row is never both.
        const rejectedLines = new Set(plan.rejected.map((rejection) => rejection.line));
        expect(plan.create.length + plan.update.length + plan.unchanged + rejectedLines.size).toBe(
          rows.length,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
