import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { CatalogError } from '../catalog-error';
import {
  assertActsFor,
  cycleIfMoved,
  orgUnitFieldProblems,
  planOrgUnitImport,
  type FieldProblem,
} from '@sus/domain';
import { type RequestContext } from '../context/request-context';
import { Ente } from './ente.entity';
import { EntiService } from './enti.service';
import { parseOrgUnitImport, type OrgUnitImportFormat, type OrgUnitImportReport } from './org-unit-import';
import { OrgUnit } from './org-unit.entity';
import { rethrowUniqueViolation } from './unique-violation';

export interface CreateOrgUnitInput {
  enteCode: string;
  code: string;
  name: string;
  parentId?: string | null;
  externalId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

/** Fields left undefined keep their value; `parentId: null` moves the unit to the top. */
export interface UpdateOrgUnitInput {
  enteCode: string;
  id: string;
  code?: string;
  name?: string;
  parentId?: string | null;
  externalId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface ImportOrgUnitsInput {
  enteCode: string;
  format: OrgUnitImportFormat;
  content: string;
}

const UNIQUE_FIELDS = { org_unit_code_unique: 'code', org_unit_external_id_unique: 'externalId' };
const INSERT_CHUNK = 500;

@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
  ) {}

  /** The top of the ente's tree; children come level by level through `childrenOf`. */
  async roots(ctx: RequestContext, enteCode: string): Promise<OrgUnit[]> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    return this.db
      .getRepository(OrgUnit)
      .find({ where: { enteId: ente.id, parentId: IsNull() }, order: { code: 'ASC' } });
  }

  async rootsOfEnti(_ctx: RequestContext, enteIds: readonly string[]): Promise<OrgUnit[]> {
    if (enteIds.length === 0) return [];
    return this.db
      .getRepository(OrgUnit)
      .find({ where: { enteId: In([...enteIds]), parentId: IsNull() }, order: { code: 'ASC' } });
  }

  /** Procedures and services name their unit by code, so integrators look it up the same way. */
  async findByCode(ctx: RequestContext, enteCode: string, code: string): Promise<OrgUnit | null> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    return this.db.getRepository(OrgUnit).findOneBy({ enteId: ente.id, code });
  }

  async childrenOf(_ctx: RequestContext, parentIds: readonly string[]): Promise<OrgUnit[]> {
    if (parentIds.length === 0) return [];
    return this.db
      .getRepository(OrgUnit)
      .find({ where: { parentId: In([...parentIds]) }, order: { code: 'ASC' } });
  }

  async findByIds(_ctx: RequestContext, ids: readonly string[]): Promise<OrgUnit[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(OrgUnit).findBy({ id: In([...ids]) });
  }

  async create(ctx: RequestContext, input: CreateOrgUnitInput): Promise<OrgUnit> {
    throwFirst(orgUnitFieldProblems(input));
    return this.write(ctx, input.enteCode, async (manager, ente) => {
      const units = manager.getRepository(OrgUnit);
      if (input.parentId) await this.unitOf(manager, ente, input.parentId, 'parentId');
      await this.assertFree(manager, ente, { code: input.code, externalId: input.externalId ?? null });
      const id = randomUUID();
      await units.insert({
        id,
        enteId: ente.id,
        code: input.code,
        name: input.name.trim(),
        parentId: input.parentId ?? null,
        externalId: input.externalId ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
      });
      return units.findOneByOrFail({ id });
    });
  }

  /** Edits and moves; a move under the unit's own subtree is refused with the loop it would make. */
  async update(ctx: RequestContext, input: UpdateOrgUnitInput): Promise<OrgUnit> {
    return this.write(ctx, input.enteCode, async (manager, ente) => {
      const units = manager.getRepository(OrgUnit);
      const current = await this.unitOf(manager, ente, input.id, 'id');
      const next = {
        code: input.code ?? current.code,
        name: input.name?.trim() ?? current.name,
        parentId: input.parentId === undefined ? current.parentId : input.parentId,
        externalId: input.externalId === undefined ? current.externalId : input.externalId,
        validFrom: input.validFrom === undefined ? current.validFrom : input.validFrom,
        validTo: input.validTo === undefined ? current.validTo : input.validTo,
      };
      throwFirst(orgUnitFieldProblems(next));
      if (next.parentId !== current.parentId && next.parentId !== null) {
        await this.unitOf(manager, ente, next.parentId, 'parentId');
        const parents = await this.parentMap(manager, ente);
        const cycle = cycleIfMoved(parents, current.id, next.parentId);
        if (cycle) {
          const codes = await this.codesOf(manager, cycle);
          throw new CatalogError(
            'ORG_UNIT_CYCLE',
            `Moving ${current.code} there makes it its own ancestor: ${cycle.map((id) => codes.get(id)).join(' → ')}.`,
            'parentId',
          );
        }
      }
      if ((Object.keys(next) as (keyof typeof next)[]).every((key) => next[key] === current[key]))
        return current;
      await this.assertFree(manager, ente, next, current.id);
      await units.update({ id: current.id }, { ...next, updatedAt: () => 'now()' });
      return units.findOneByOrFail({ id: current.id });
    });
  }

  /**
   * Applies an HR export: valid lines are written, the others reported with line and field.
   * One transaction, so a concurrent reader sees the tree before or after, never half of it.
   */
  async import(ctx: RequestContext, input: ImportOrgUnitsInput): Promise<OrgUnitImportReport> {
    const rows = parseOrgUnitImport(input.format, input.content);
    return this.write(ctx, input.enteCode, async (manager, ente) => {
      const units = manager.getRepository(OrgUnit);
      const existing = await units.findBy({ enteId: ente.id });
      const plan = planOrgUnitImport(rows, existing, randomUUID);
      for (let i = 0; i < plan.create.length; i += INSERT_CHUNK) {
        await units.insert(
          plan.create.slice(i, i + INSERT_CHUNK).map((draft) => ({ ...draft, enteId: ente.id })),
        );
      }
      for (const { id, ...draft } of plan.update) {
        await units.update({ id }, { ...draft, updatedAt: () => 'now()' });
      }
      return {
        created: plan.create.length,
        updated: plan.update.length,
        unchanged: plan.unchanged,
        rejected: plan.rejected,
      };
    });
  }

  /**
   * Runs a write inside a transaction holding the ente's row lock: two moves in the same ente
   * cannot each pass the cycle check and together close a loop.
   */
  private async write<T>(
    ctx: RequestContext,
    enteCode: string,
    work: (manager: EntityManager, ente: Ente) => Promise<T>,
  ): Promise<T> {
    // Second wall behind the api's access rules: only staff or keys of this ente (or the region).
    assertActsFor(ctx, enteCode.trim().toLowerCase());
    try {
      return await this.db.transaction(async (manager) => {
        const found = await this.enti.getByCode(ctx, enteCode, 'enteCode', manager);
        const ente = await manager
          .getRepository(Ente)
          .findOneOrFail({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
        return work(manager, ente);
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_FIELDS);
    }
  }

  private async unitOf(manager: EntityManager, ente: Ente, id: string, field: string): Promise<OrgUnit> {
    const unit = await manager.getRepository(OrgUnit).findOneBy({ id, enteId: ente.id });
    if (!unit)
      throw new CatalogError('NOT_FOUND', `No organisational unit ${id} in ente ${ente.ipaCode}.`, field);
    return unit;
  }

  private async assertFree(
    manager: EntityManager,
    ente: Ente,
    unit: { code: string; externalId: string | null },
    exceptId?: string,
  ): Promise<void> {
    const units = manager.getRepository(OrgUnit);
    const sameCode = await units.findOneBy({ enteId: ente.id, code: unit.code });
    if (sameCode && sameCode.id !== exceptId) {
      throw new CatalogError(
        'DUPLICATE_CODE',
        `Unit code "${unit.code}" is already used by ${sameCode.name}.`,
        'code',
      );
    }
    if (unit.externalId) {
      const sameExternal = await units.findOneBy({ enteId: ente.id, externalId: unit.externalId });
      if (sameExternal && sameExternal.id !== exceptId) {
        throw new CatalogError(
          'DUPLICATE_CODE',
          `HR id "${unit.externalId}" is already used by ${sameExternal.name}.`,
          'externalId',
        );
      }
    }
  }

  private async parentMap(manager: EntityManager, ente: Ente): Promise<Map<string, string | null>> {
    const rows = await manager
      .getRepository(OrgUnit)
      .find({ select: { id: true, parentId: true }, where: { enteId: ente.id } });
    return new Map(rows.map((row) => [row.id, row.parentId]));
  }

  private async codesOf(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows = await manager
      .getRepository(OrgUnit)
      .find({ select: { id: true, code: true }, where: { id: In(ids) } });
    return new Map(rows.map((row) => [row.id, row.code]));
  }
}

function throwFirst(problems: readonly FieldProblem[]): void {
  const [first] = problems;
  if (first) throw new CatalogError(first.code, first.message, first.field);
}
