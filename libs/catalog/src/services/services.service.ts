import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  effectiveProcedure,
  isPayableAmount,
  type Procedure,
  type ProcedureAdoption,
  type ProcedureTemplateFields,
} from '@sus/domain';
import { DataSource, In } from 'typeorm';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { EntiService, normaliseIpaCode } from '../organisations/enti.service';
import { rethrowUniqueViolation } from '../organisations/unique-violation';
import { ProcedureRow } from '../procedures/procedure.entity';
import { ProceduresService } from '../procedures/procedures.service';
import {
  CHANNELS,
  INTERACTIVITY_LEVELS,
  PAYMENT_MODES,
  Service,
  ServiceType,
  type Channel,
  type InteractivityLevel,
  type ServiceFields,
} from './service.entity';
import { validTaxonomyEntry } from './taxonomy';

export interface SaveServiceTypeInput {
  code: string;
  scope: 'national' | 'regional';
  ownerEnteCode?: string | null;
  procedureTemplateCode?: string | null;
  defaults: ServiceFields;
}

export type UpdateServiceInput = Partial<ServiceFields> & {
  /** Code of one of the ente's procedures; null unlinks it. */
  procedureCode?: string | null;
};

export interface ServicesFilter {
  channel?: Channel | null;
  interactivity?: InteractivityLevel | null;
  taxonomy?: string | null;
  voluntary?: boolean | null;
  /** Italian full-text search on name and description. */
  search?: string | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;

/** Today in Europe/Rome, the calendar pagoPA validity dates refer to. */
const romeToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

@Injectable()
export class ServicesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
    private readonly procedures: ProceduresService,
  ) {}

  async saveType(ctx: RequestContext, input: SaveServiceTypeInput): Promise<ServiceType> {
    if (!CODE.test(input.code ?? ''))
      throw new CatalogError('BAD_USER_INPUT', `"${input.code}" is not a service code.`, 'code');
    const defaults = validateServiceFields(input.defaults, 'defaults.', true) as ServiceFields;
    const owner = input.ownerEnteCode
      ? await this.enti.getByCode(ctx, input.ownerEnteCode, 'ownerEnteCode')
      : null;
    const template = input.procedureTemplateCode
      ? await this.procedures.findTemplateByCode(ctx, input.procedureTemplateCode)
      : null;
    if (input.procedureTemplateCode && !template) {
      throw new CatalogError(
        'NOT_FOUND',
        `No procedure template "${input.procedureTemplateCode}".`,
        'procedureTemplateCode',
      );
    }
    const types = this.db.getRepository(ServiceType);
    const row = {
      scope: input.scope,
      ownerEnteId: owner?.id ?? null,
      procedureTemplateId: template?.id ?? null,
      defaults,
    };
    const existing = await types.findOneBy({ code: input.code });
    if (existing) {
      await types.update({ id: existing.id }, { ...row, updatedAt: () => 'now()' });
      return types.findOneByOrFail({ id: existing.id });
    }
    const id = randomUUID();
    try {
      await types.insert({ id, code: input.code, ...row });
    } catch (error) {
      rethrowUniqueViolation(error, { service_type_code_key: 'code' });
    }
    return types.findOneByOrFail({ id });
  }

  /** Every national and regional service type enti can take in charge, by code. */
  async listTypes(_ctx: RequestContext): Promise<ServiceType[]> {
    return this.db.getRepository(ServiceType).find({ order: { code: 'ASC' } });
  }

  /**
   * Presa in carico: the ente gets its own copy of the type's defaults under the type's code,
   * and adopts the linked procedure template if it has not yet.
   */
  async adopt(ctx: RequestContext, enteCode: string, serviceTypeCode: string): Promise<Service> {
    try {
      return await this.db.transaction(async (manager) => {
        const ente = await this.enti.getByCode(ctx, enteCode, 'enteCode', manager);
        const type = await manager.getRepository(ServiceType).findOneBy({ code: serviceTypeCode });
        if (!type)
          throw new CatalogError('NOT_FOUND', `No service type "${serviceTypeCode}".`, 'serviceTypeCode');
        const services = manager.getRepository(Service);
        if (await services.existsBy({ enteId: ente.id, code: type.code })) {
          throw new CatalogError(
            'DUPLICATE_CODE',
            `${ente.ipaCode} already offers ${type.code}.`,
            'serviceTypeCode',
          );
        }
        let procedureId: string | null = null;
        if (type.procedureTemplateId) {
          const adopted = await manager
            .getRepository(ProcedureRow)
            .findOneBy({ enteId: ente.id, templateId: type.procedureTemplateId });
          procedureId = adopted?.id ?? null;
          if (!adopted) {
            const template = await this.procedures.findTemplateById(manager, type.procedureTemplateId);
            procedureId = (await this.procedures.adopt(ctx, ente.ipaCode, template.code, manager)).id;
          }
        }
        const id = randomUUID();
        await services.insert({
          id,
          enteId: ente.id,
          serviceTypeId: type.id,
          code: type.code,
          ...type.defaults,
          procedureId,
        });
        return services.findOneByOrFail({ id });
      });
    } catch (error) {
      rethrowUniqueViolation(error, { service_code_unique: 'serviceTypeCode' });
    }
  }

  /** Changes the fields given; taxonomy codes are checked against the official list. */
  async update(
    ctx: RequestContext,
    enteCode: string,
    code: string,
    input: UpdateServiceInput,
  ): Promise<Service> {
    const { procedureCode, ...fields } = input;
    const values = validateServiceFields(fields, '', false);
    return this.db.transaction(async (manager) => {
      const ente = await this.enti.getByCode(ctx, enteCode, 'enteCode', manager);
      const services = manager.getRepository(Service);
      const service = await services.findOne({
        where: { enteId: ente.id, code },
        lock: { mode: 'pessimistic_write' },
      });
      if (!service) throw new CatalogError('NOT_FOUND', `${ente.ipaCode} has no service ${code}.`, 'code');
      const changes: Partial<Service> = { ...values };
      if (procedureCode !== undefined) {
        changes.procedureId = null;
        if (procedureCode !== null) {
          const procedure = await manager
            .getRepository(ProcedureRow)
            .findOneBy({ enteId: ente.id, code: procedureCode });
          if (!procedure)
            throw new CatalogError(
              'NOT_FOUND',
              `${ente.ipaCode} has no procedure ${procedureCode}.`,
              'procedureCode',
            );
          changes.procedureId = procedure.id;
        }
      }
      const next = { ...service, ...changes };
      if (next.appIoPublished && !next.appIoServiceId) {
        throw new CatalogError(
          'BAD_USER_INPUT',
          'A service published on App IO needs its App IO service id.',
          'appIoServiceId',
        );
      }
      await services.update({ id: service.id }, { ...changes, updatedAt: () => 'now()' });
      return services.findOneByOrFail({ id: service.id });
    });
  }

  async findByCode(ctx: RequestContext, enteCode: string, code: string): Promise<Service | null> {
    const ente = await this.enti.findByCode(ctx, enteCode);
    return ente ? this.db.getRepository(Service).findOneBy({ enteId: ente.id, code }) : null;
  }

  async findByIds(_ctx: RequestContext, ids: readonly string[]): Promise<Service[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(Service).findBy({ id: In([...ids]) });
  }

  /**
   * One page of the ente's services, each with the procedure it starts (effective: template plus
   * the ente's overrides) or null, in ONE statement: the hottest public read (every portal page
   * view), so no separate ente lookup, no second and third statement for procedures and their
   * templates, no query builder and no entity hydration (docs/performance.md). An unknown ente
   * still answers NOT_FOUND: the ente is the driving row of the join, so it is absent only then.
   */
  async list(
    _ctx: RequestContext,
    enteCode: string,
    filter: ServicesFilter,
    page: { first: number; after?: string | null },
  ): Promise<Page<ListedService>> {
    const params: unknown[] = [normaliseIpaCode(enteCode)];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = ['s.ente_id = e.id'];
    if (filter.channel) conditions.push(`${param(filter.channel)} = ANY (s.channels)`);
    if (filter.interactivity) conditions.push(`s.interactivity_level = ${param(filter.interactivity)}`);
    if (filter.taxonomy)
      conditions.push(`s.taxonomy_codes @> ARRAY[${param(filter.taxonomy.trim().toUpperCase())}]::text[]`);
    if (filter.voluntary != null) conditions.push(`s.voluntary = ${param(filter.voluntary)}`);
    if (filter.search?.trim())
      conditions.push(`s.search_vector @@ websearch_to_tsquery('italian', ${param(filter.search.trim())})`);
    if (page.after) conditions.push(`s.code > ${param(decodeCursor(page.after, 1)[0])}`);
    const rows = (await this.db.query(
      `SELECT ${this.listColumns()}
         FROM ente e
         LEFT JOIN service s ON ${conditions.join(' AND ')}
         LEFT JOIN procedure p ON p.id = s.procedure_id
         LEFT JOIN procedure_template t ON t.id = p.template_id
        WHERE e.ipa_code = $1
        ORDER BY s.code
        LIMIT ${param(page.first + 1)}`,
      params,
    )) as ListedRow[];
    if (rows.length === 0)
      throw new CatalogError('NOT_FOUND', `No ente with code "${enteCode}".`, 'enteCode');
    // The ente without a (matching) service: one row, all service columns null.
    const services = rows.filter((row) => row.id !== null).map(listedService);
    return {
      items: services.slice(0, page.first).map((node) => ({ node, cursor: encodeCursor([node.code]) })),
      hasNextPage: services.length > page.first,
      hasPreviousPage: page.after != null,
    };
  }

  private selectList?: string;

  /** Every service column under its property name (from the entity, so a new column follows). */
  private listColumns(): string {
    this.selectList ??= [
      ...this.db
        .getMetadata(Service)
        .columns.map((column) => `s."${column.databaseName}" AS "${column.propertyName}"`),
      PROCEDURE_COLUMNS,
    ].join(', ');
    return this.selectList;
  }
}

/** What list() answers: the service row and the procedure it starts, already resolved. */
export type ListedService = Service & { procedure: Procedure | null };

/** The procedure and template fields effectiveProcedure reads, as two JSON columns beside the service's. */
const PROCEDURE_COLUMNS = `
  CASE WHEN p.id IS NULL THEN NULL ELSE jsonb_build_object(
    'id', p.id, 'enteId', p.ente_id, 'code', p.code, 'overrides', p.overrides,
    'responsibleUnitId', p.responsible_unit_id, 'substitutePowerHolderId', p.substitute_power_holder_id
  ) END AS "procedureAdoption",
  CASE WHEN t.id IS NULL THEN NULL ELSE jsonb_build_object(
    'code', t.code, 'fields', t.fields, 'lockedFields', to_jsonb(t.locked_fields)
  ) END AS "procedureTemplate"`;

type ListedRow = Service & {
  procedureAdoption: ProcedureAdoption | null;
  procedureTemplate: ProcedureTemplateFields | null;
};

function listedService({ procedureAdoption, procedureTemplate, ...service }: ListedRow): ListedService {
  return {
    ...service,
    procedure:
      procedureAdoption && procedureTemplate
        ? effectiveProcedure(procedureAdoption, procedureTemplate)
        : null,
  };
}

/** Checks the service fields present in `input`; `complete` requires the mandatory ones (types). */
export function validateServiceFields(
  input: Partial<ServiceFields>,
  prefix: string,
  complete: boolean,
): Partial<ServiceFields> {
  const out: Partial<ServiceFields> = {};
  const fail = (
    field: string,
    message: string,
    code: 'BAD_USER_INPUT' | 'INVALID_AMOUNT' = 'BAD_USER_INPUT',
  ): never => {
    throw new CatalogError(code, message, `${prefix}${field}`);
  };
  if (input.name !== undefined || complete) {
    const name = input.name?.trim() ?? '';
    if (name.length < 1 || name.length > 200) fail('name', 'The name must have 1 to 200 characters.');
    out.name = name;
  }
  if (input.description !== undefined) out.description = input.description?.trim() ?? '';
  else if (complete) out.description = '';
  if (input.channels !== undefined) {
    input.channels.forEach((channel, index) => {
      if (!CHANNELS.includes(channel)) fail(`channels.${index}`, `Channel is one of ${CHANNELS.join(', ')}.`);
    });
    out.channels = [...new Set(input.channels)];
  } else if (complete) out.channels = [];
  if (input.interactivityLevel !== undefined || complete) {
    if (!INTERACTIVITY_LEVELS.includes(input.interactivityLevel!))
      fail('interactivityLevel', `interactivityLevel is one of ${INTERACTIVITY_LEVELS.join(', ')}.`);
    out.interactivityLevel = input.interactivityLevel!;
  }
  if (input.availability !== undefined) out.availability = input.availability?.trim() || null;
  else if (complete) out.availability = null;
  if (input.taxonomyCodes !== undefined) {
    const today = romeToday();
    out.taxonomyCodes = [
      ...new Set(
        input.taxonomyCodes.map(
          (code, index) => validTaxonomyEntry(code, `${prefix}taxonomyCodes.${index}`, today).code,
        ),
      ),
    ];
  } else if (complete) out.taxonomyCodes = [];
  if (input.contactPoints !== undefined) {
    out.contactPoints = input.contactPoints.map((point, index) => {
      if (!CHANNELS.includes(point.kind))
        fail(`contactPoints.${index}.kind`, `Kind is one of ${CHANNELS.join(', ')}.`);
      const value = point.value?.trim() ?? '';
      if (value.length < 1 || value.length > 300)
        fail(`contactPoints.${index}.value`, 'A contact point needs a value.');
      return { kind: point.kind, value, description: point.description?.trim() || null };
    });
  } else if (complete) out.contactPoints = [];
  if (input.paymentMode !== undefined) {
    if (input.paymentMode !== null && !PAYMENT_MODES.includes(input.paymentMode))
      fail('paymentMode', `paymentMode is one of ${PAYMENT_MODES.join(', ')}.`);
    out.paymentMode = input.paymentMode;
  } else if (complete) out.paymentMode = null;
  for (const flag of ['voluntary', 'pagopaActive', 'appIoPublished'] as const) {
    if (input[flag] !== undefined && input[flag] !== null) out[flag] = input[flag] === true;
    else if (complete) out[flag] = false;
  }
  if (input.fees !== undefined) {
    out.fees = input.fees.map((fee, index) => {
      const description = fee.description?.trim() ?? '';
      if (!description) fail(`fees.${index}.description`, 'A fee says what it is for.');
      if (!isPayableAmount(fee.amountCents))
        fail(`fees.${index}.amountCents`, 'A fee is a whole number of cents, at least 1.', 'INVALID_AMOUNT');
      return { description, amountCents: fee.amountCents };
    });
  } else if (complete) out.fees = [];
  if (input.accountingReferences !== undefined) {
    out.accountingReferences = input.accountingReferences.map((reference, index) => {
      const chapter = reference.chapter?.trim() ?? '';
      if (!/^[A-Za-z0-9./-]{1,30}$/.test(chapter))
        fail(
          `accountingReferences.${index}.chapter`,
          'A capitolo is 1 to 30 letters, digits, dots, slashes or dashes.',
        );
      return { chapter, assessment: reference.assessment?.trim() || null };
    });
  } else if (complete) out.accountingReferences = [];
  if (input.appIoServiceId !== undefined) {
    const id = input.appIoServiceId?.trim() || null;
    if (id !== null && !/^[A-Za-z0-9]{1,64}$/.test(id))
      fail('appIoServiceId', 'An App IO service id is letters and digits.');
    out.appIoServiceId = id;
  } else if (complete) out.appIoServiceId = null;
  if (
    (out.fees?.length || out.taxonomyCodes?.length) &&
    complete &&
    out.paymentMode === null &&
    !out.voluntary
  ) {
    // A collecting service with no way to pay is a data-entry slip, cheap to catch here.
    fail(
      'paymentMode',
      'A service with fees or taxonomy codes says how it is paid (paymentMode or voluntary).',
    );
  }
  return out;
}
