import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  checkProcedureFields,
  effectiveProcedure,
  PROCEDURE_FIELDS,
  type Procedure,
  type ProcedureField,
  type ProcedureFields,
} from '@sus/domain';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CatalogError, checkRecord } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { EntiService } from '../organisations/enti.service';
import { OrgUnit } from '../organisations/org-unit.entity';
import { RoleHolder } from '../organisations/role-holder.entity';
import { rethrowUniqueViolation } from '../organisations/unique-violation';
import { ProcedureRow, ProcedureTemplate } from './procedure.entity';

export interface SaveProcedureTemplateInput {
  ownerEnteCode: string;
  code: string;
  fields: ProcedureFields;
  lockedFields?: ProcedureField[];
  substitutePowerTitle?: string | null;
}

export interface UpdateProcedureInput extends Partial<ProcedureFields> {
  /** Code of one of the ente's org units; null clears it. */
  responsibleUnitCode?: string | null;
  /** A role holder of the ente; null clears it. */
  substitutePowerHolderId?: string | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;

@Injectable()
export class ProceduresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
  ) {}

  /** Creates or replaces a template; every adopting ente sees the change on fields it did not override. */
  async saveTemplate(ctx: RequestContext, input: SaveProcedureTemplateInput): Promise<ProcedureTemplate> {
    const fields = checkRecord(() => checkProcedureFields(input.fields, true)) as ProcedureFields;
    const lockedFields = [...new Set(input.lockedFields ?? [])];
    lockedFields.forEach((field, index) => {
      if (!PROCEDURE_FIELDS.includes(field))
        throw new CatalogError(
          'BAD_USER_INPUT',
          `"${field}" is not a procedure field.`,
          `lockedFields.${index}`,
        );
    });
    if (!CODE.test(input.code ?? ''))
      throw new CatalogError('BAD_USER_INPUT', `"${input.code}" is not a procedure code.`, 'code');
    const owner = await this.enti.getByCode(ctx, input.ownerEnteCode, 'ownerEnteCode');
    const templates = this.db.getRepository(ProcedureTemplate);
    const existing = await templates.findOneBy({ code: input.code });
    const row = {
      ownerEnteId: owner.id,
      fields,
      lockedFields,
      substitutePowerTitle: input.substitutePowerTitle ?? null,
    };
    if (existing) {
      await templates.update({ id: existing.id }, { ...row, updatedAt: () => 'now()' });
      return templates.findOneByOrFail({ id: existing.id });
    }
    const id = randomUUID();
    try {
      await templates.insert({ id, code: input.code, ...row });
    } catch (error) {
      // Two writers creating the same template at once: the loser learns it by field.
      rethrowUniqueViolation(error, { procedure_template_code_key: 'code' });
    }
    return templates.findOneByOrFail({ id });
  }

  /** Every template enti can adopt, by code. */
  async listTemplates(_ctx: RequestContext): Promise<ProcedureTemplate[]> {
    return this.db.getRepository(ProcedureTemplate).find({ order: { code: 'ASC' } });
  }

  async findTemplateById(manager: EntityManager, id: string): Promise<ProcedureTemplate> {
    return manager.getRepository(ProcedureTemplate).findOneByOrFail({ id });
  }

  async findTemplateByCode(_ctx: RequestContext, code: string): Promise<ProcedureTemplate | null> {
    return this.db.getRepository(ProcedureTemplate).findOneBy({ code });
  }

  /** The ente adopts the template under the template's code. */
  async adopt(
    ctx: RequestContext,
    enteCode: string,
    templateCode: string,
    manager?: EntityManager,
  ): Promise<Procedure> {
    const run = async (tx: EntityManager) => {
      const ente = await this.enti.getByCode(ctx, enteCode, 'enteCode', tx);
      const template = await tx.getRepository(ProcedureTemplate).findOneBy({ code: templateCode });
      if (!template)
        throw new CatalogError('NOT_FOUND', `No procedure template "${templateCode}".`, 'templateCode');
      const rows = tx.getRepository(ProcedureRow);
      if (await rows.existsBy({ enteId: ente.id, code: template.code })) {
        throw new CatalogError(
          'DUPLICATE_CODE',
          `${ente.ipaCode} already has procedure ${template.code}.`,
          'templateCode',
        );
      }
      const id = randomUUID();
      await rows.insert({ id, enteId: ente.id, templateId: template.id, code: template.code, overrides: {} });
      return effectiveProcedure(await rows.findOneByOrFail({ id }), template);
    };
    try {
      return await (manager ? run(manager) : this.db.transaction(run));
    } catch (error) {
      rethrowUniqueViolation(error, {
        procedure_code_unique: 'templateCode',
        procedure_template_once: 'templateCode',
      });
    }
  }

  /** Sets overrides (and the ente-only fields); a field the template locks is refused. */
  async update(
    ctx: RequestContext,
    enteCode: string,
    code: string,
    input: UpdateProcedureInput,
  ): Promise<Procedure> {
    const overrides = checkRecord(() => checkProcedureFields(input, false));
    return this.db.transaction(async (manager) => {
      const { row, template } = await this.getRow(ctx, manager, enteCode, code);
      for (const field of Object.keys(overrides) as ProcedureField[]) {
        if (template.lockedFields.includes(field)) {
          throw new CatalogError(
            'TEMPLATE_FIELD_LOCKED',
            `The regional template ${template.code} locks ${field}; ask the region to change it.`,
            field,
          );
        }
      }
      const changes: Partial<ProcedureRow> = { overrides: { ...row.overrides, ...overrides } };
      if (input.responsibleUnitCode !== undefined) {
        changes.responsibleUnitId = null;
        if (input.responsibleUnitCode !== null) {
          const unit = await manager
            .getRepository(OrgUnit)
            .findOneBy({ enteId: row.enteId, code: input.responsibleUnitCode });
          if (!unit)
            throw new CatalogError(
              'NOT_FOUND',
              `No org unit ${input.responsibleUnitCode} in ${enteCode}.`,
              'responsibleUnitCode',
            );
          changes.responsibleUnitId = unit.id;
        }
      }
      if (input.substitutePowerHolderId !== undefined) {
        changes.substitutePowerHolderId = null;
        if (input.substitutePowerHolderId !== null) {
          const holder = await manager.getRepository(RoleHolder).findOneBy({
            id: input.substitutePowerHolderId,
            enteId: row.enteId,
            role: 'substitutePowerHolder',
          });
          if (!holder) {
            throw new CatalogError(
              'NOT_FOUND',
              `No substitute power holder ${input.substitutePowerHolderId} in ${enteCode}.`,
              'substitutePowerHolderId',
            );
          }
          changes.substitutePowerHolderId = holder.id;
        }
      }
      await manager
        .getRepository(ProcedureRow)
        .update({ id: row.id }, { ...changes, updatedAt: () => 'now()' });
      return effectiveProcedure(
        await manager.getRepository(ProcedureRow).findOneByOrFail({ id: row.id }),
        template,
      );
    });
  }

  /** Drops the ente's override, so the field follows the template again. */
  async resetField(
    ctx: RequestContext,
    enteCode: string,
    code: string,
    field: ProcedureField,
  ): Promise<Procedure> {
    if (!PROCEDURE_FIELDS.includes(field))
      throw new CatalogError('BAD_USER_INPUT', `"${field}" is not a procedure field.`, 'field');
    return this.db.transaction(async (manager) => {
      const { row, template } = await this.getRow(ctx, manager, enteCode, code);
      const { [field]: _dropped, ...overrides } = row.overrides;
      await manager
        .getRepository(ProcedureRow)
        .update({ id: row.id }, { overrides, updatedAt: () => 'now()' });
      return effectiveProcedure({ ...row, overrides }, template);
    });
  }

  async findByCode(ctx: RequestContext, enteCode: string, code: string): Promise<Procedure | null> {
    const ente = await this.enti.findByCode(ctx, enteCode);
    if (!ente) return null;
    const row = await this.db.getRepository(ProcedureRow).findOneBy({ enteId: ente.id, code });
    return row ? (await this.withTemplates([row]))[0]! : null;
  }

  async findByIds(_ctx: RequestContext, ids: readonly string[]): Promise<Procedure[]> {
    if (ids.length === 0) return [];
    return this.withTemplates(await this.db.getRepository(ProcedureRow).findBy({ id: In([...ids]) }));
  }

  /** The ente's procedures by code (Relay keyset pagination). */
  async list(
    ctx: RequestContext,
    enteCode: string,
    page: { first: number; after?: string | null },
  ): Promise<Page<Procedure>> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    const query = this.db
      .getRepository(ProcedureRow)
      .createQueryBuilder('p')
      .where('p.ente_id = :enteId', { enteId: ente.id });
    if (page.after) query.andWhere('p.code > :after', { after: decodeCursor(page.after, 1)[0] });
    const rows = await query
      .orderBy('p.code', 'ASC')
      .take(page.first + 1)
      .getMany();
    const items = await this.withTemplates(rows.slice(0, page.first));
    return {
      items: items.map((node) => ({ node, cursor: encodeCursor([node.code]) })),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after != null,
    };
  }

  private async withTemplates(rows: ProcedureRow[]): Promise<Procedure[]> {
    if (rows.length === 0) return [];
    const templates = await this.db
      .getRepository(ProcedureTemplate)
      .findBy({ id: In([...new Set(rows.map((row) => row.templateId))]) });
    const byId = new Map(templates.map((template) => [template.id, template]));
    return rows.map((row) => effectiveProcedure(row, byId.get(row.templateId)!));
  }

  private async getRow(ctx: RequestContext, manager: EntityManager, enteCode: string, code: string) {
    const ente = await this.enti.getByCode(ctx, enteCode, 'enteCode', manager);
    const row = await manager
      .getRepository(ProcedureRow)
      .findOne({ where: { enteId: ente.id, code }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new CatalogError('NOT_FOUND', `${ente.ipaCode} has no procedure ${code}.`, 'code');
    const template = await manager.getRepository(ProcedureTemplate).findOneByOrFail({ id: row.templateId });
    return { row, template };
  }
}
