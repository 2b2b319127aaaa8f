import type { DomainErrorCode } from '../errors';
import { orgUnitFieldProblems } from './org-unit-fields';
import { unitsOnCycles } from './org-unit-tree';

/*
 * Planning an HR import is pure: rows in, existing units in, a plan out. The catalog reads the
 * file into rows and runs the plan in one transaction. Units missing from the file are left
 * alone: HR systems export partial trees, and a unit that closes carries a validTo instead of
 * disappearing.
 */

/** One unit as the HR export describes it; `line` is where it is in the file (1-based). */
export interface OrgUnitImportRow {
  line: number;
  externalId: string;
  code: string;
  name: string;
  parentExternalId: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface OrgUnitImportRejection {
  /** CSV: the physical line (header is line 1). JSON: the 1-based position in the array. */
  line: number;
  field: string;
  code: DomainErrorCode;
  message: string;
}

export interface ExistingOrgUnit {
  id: string;
  externalId: string | null;
  code: string;
  name: string;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export type OrgUnitDraft = Omit<ExistingOrgUnit, 'externalId'> & { externalId: string };

export interface OrgUnitImportPlan {
  create: OrgUnitDraft[];
  update: OrgUnitDraft[];
  unchanged: number;
  rejected: OrgUnitImportRejection[];
}

/**
 * Decides what each row does. Rejections are settled to a fixpoint: dropping a row can orphan
 * its children, revert a unit to its old parent (closing a loop) or give a code back to its
 * old owner, so checks run again until a pass rejects nothing more.
 */
export function planOrgUnitImport(
  rows: readonly OrgUnitImportRow[],
  existing: readonly ExistingOrgUnit[],
  newId: () => string,
): OrgUnitImportPlan {
  const rejected: OrgUnitImportRejection[] = [];
  const reject = (row: OrgUnitImportRow, field: string, code: DomainErrorCode, message: string) =>
    rejected.push({ line: row.line, field, code, message });

  let candidates = rows.filter((row) => {
    const problems = orgUnitFieldProblems({ ...row, externalId: row.externalId || null });
    if (!row.externalId)
      problems.unshift({ field: 'externalId', code: 'BAD_USER_INPUT', message: 'The HR id is required.' });
    for (const problem of problems) reject(row, problem.field, problem.code, problem.message);
    return problems.length === 0;
  });

  const linesByExternalId = new Map<string, number[]>();
  for (const row of candidates) {
    const lines = linesByExternalId.get(row.externalId);
    if (lines) lines.push(row.line);
    else linesByExternalId.set(row.externalId, [row.line]);
  }
  candidates = candidates.filter((row) => {
    const lines = linesByExternalId.get(row.externalId)!;
    if (lines.length === 1) return true;
    // Which copy HR meant is unknowable, so none is written.
    reject(
      row,
      'externalId',
      'DUPLICATE_EXTERNAL_ID',
      `HR id "${row.externalId}" appears on lines ${lines.join(', ')}; each unit must appear once.`,
    );
    return false;
  });

  const existingByExternalId = new Map(
    existing.filter((unit) => unit.externalId !== null).map((unit) => [unit.externalId!, unit]),
  );
  const idFor = new Map(
    candidates.map((row) => [row.externalId, existingByExternalId.get(row.externalId)?.id ?? newId()]),
  );
  const rejectedLine = new Map<string, number>();

  for (;;) {
    const byExternalId = new Map(candidates.map((row) => [row.externalId, row]));
    const drop = new Set<OrgUnitImportRow>();
    const parentOf = (row: OrgUnitImportRow): string | null | undefined => {
      if (row.parentExternalId === null) return null;
      if (byExternalId.has(row.parentExternalId)) return idFor.get(row.parentExternalId)!;
      return existingByExternalId.get(row.parentExternalId)?.id;
    };

    for (const row of candidates) {
      if (parentOf(row) !== undefined) continue;
      const parentLine = rejectedLine.get(row.parentExternalId!);
      reject(
        row,
        'parentExternalId',
        'UNKNOWN_PARENT',
        parentLine !== undefined
          ? `Parent "${row.parentExternalId}" was rejected (line ${parentLine}), so this unit cannot be placed.`
          : `No unit with HR id "${row.parentExternalId}" in this file or already in the ente.`,
      );
      drop.add(row);
    }

    if (drop.size === 0) {
      const parents = new Map<string, string | null>(existing.map((unit) => [unit.id, unit.parentId]));
      for (const row of candidates) parents.set(idFor.get(row.externalId)!, parentOf(row)!);
      const looping = unitsOnCycles(parents);
      for (const row of candidates) {
        if (!looping.has(idFor.get(row.externalId)!)) continue;
        reject(
          row,
          'parentExternalId',
          'ORG_UNIT_CYCLE',
          `Placing "${row.externalId}" under "${row.parentExternalId}" makes the unit its own ancestor.`,
        );
        drop.add(row);
      }
    }

    if (drop.size === 0) {
      // The unit that already holds a code keeps it; otherwise the earliest line does.
      const holder = new Map<string, { id: string; line: number }>();
      const changedIds = new Set(candidates.map((row) => idFor.get(row.externalId)!));
      for (const unit of existing) {
        if (!changedIds.has(unit.id)) holder.set(unit.code, { id: unit.id, line: 0 });
      }
      const byOldCode = new Map(existing.map((unit) => [unit.id, unit.code]));
      const ordered = [...candidates].sort((a, b) => {
        const keepsA = byOldCode.get(idFor.get(a.externalId)!) === a.code ? 0 : 1;
        const keepsB = byOldCode.get(idFor.get(b.externalId)!) === b.code ? 0 : 1;
        return keepsA - keepsB || a.line - b.line;
      });
      for (const row of ordered) {
        const owner = holder.get(row.code);
        if (owner === undefined) {
          holder.set(row.code, { id: idFor.get(row.externalId)!, line: row.line });
          continue;
        }
        reject(
          row,
          'code',
          'DUPLICATE_CODE',
          owner.line > 0
            ? `Code "${row.code}" is also used on line ${owner.line}.`
            : `Code "${row.code}" already belongs to another unit of the ente.`,
        );
        drop.add(row);
      }
    }

    if (drop.size === 0) break;
    for (const row of drop) rejectedLine.set(row.externalId, row.line);
    candidates = candidates.filter((row) => !drop.has(row));
  }

  const byExternalId = new Map(candidates.map((row) => [row.externalId, row]));
  const plan: OrgUnitImportPlan = { create: [], update: [], unchanged: 0, rejected };
  for (const row of candidates) {
    const parentId =
      row.parentExternalId === null
        ? null
        : byExternalId.has(row.parentExternalId)
          ? idFor.get(row.parentExternalId)!
          : existingByExternalId.get(row.parentExternalId)!.id;
    const draft: OrgUnitDraft = {
      id: idFor.get(row.externalId)!,
      externalId: row.externalId,
      code: row.code,
      name: row.name,
      parentId,
      validFrom: row.validFrom,
      validTo: row.validTo,
    };
    const before = existingByExternalId.get(row.externalId);
    if (before === undefined) plan.create.push(draft);
    else if (FIELDS_TO_COMPARE.every((field) => before[field] === draft[field])) plan.unchanged += 1;
    else plan.update.push(draft);
  }
  plan.rejected.sort((a, b) => a.line - b.line);
  return plan;
}

const FIELDS_TO_COMPARE = ['code', 'name', 'parentId', 'validFrom', 'validTo'] as const;
