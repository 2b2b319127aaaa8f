import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  assertCan,
  procedureModelSchema,
  validateProcedureModel,
  type ModelValidationContext,
  type ProcedureModel,
} from '@sus/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { CatalogError } from '../catalog-error';
import { systemContext, type RequestContext } from '../context/request-context';
import { ConceptsService } from '../concepts/concepts.service';
import { normaliseIpaCode } from '../organisations/enti.service';

/** A published version as callers see it: what a case is started with (its snapshot). */
export interface ProcedureVersion {
  id: string;
  /** `template`: the region's version of a template; `ente`: an ente's version of its adoption. */
  owner: 'template' | 'ente';
  procedureCode: string;
  /** IPA code of the ente that published it; null for a template's version. */
  enteCode: string | null;
  /** 1, 2, … per owner. */
  version: number;
  document: ProcedureModel;
  publishedAt: string;
  publishedBy: string;
  /** The regional version this ente version was specialised from (null: not recorded, or a template's own). */
  basedOnTemplateVersionId: string | null;
}

/** What a publish may carry beyond the document: its regional origin, and work to commit with it. */
export interface PublishOptions {
  basedOnTemplateVersionId?: string | null;
  /** Runs in the publishing transaction after the version is written (e.g. closing the draft). */
  within?: (tx: EntityManager, version: ProcedureVersion) => Promise<void>;
}

const VERSION_SELECT = `
  SELECT v.id, v.procedure_template_id, v.version, v.document, v.published_at, v.published_by,
         v.based_on_template_version_id,
         COALESCE(t.code, p.code) AS procedure_code, e.ipa_code
    FROM procedure_version v
    LEFT JOIN procedure_template t ON t.id = v.procedure_template_id
    LEFT JOIN procedure p ON p.id = v.procedure_id
    LEFT JOIN ente e ON e.id = v.ente_id`;

function toVersion(row: Record<string, unknown>): ProcedureVersion {
  return {
    id: String(row.id),
    owner: row.procedure_template_id ? 'template' : 'ente',
    procedureCode: String(row.procedure_code),
    enteCode: (row.ipa_code as string | null) ?? null,
    version: Number(row.version),
    document: row.document as ProcedureModel,
    publishedAt: (row.published_at as Date).toISOString(),
    publishedBy: String(row.published_by),
    basedOnTemplateVersionId: (row.based_on_template_version_id as string | null) ?? null,
  };
}

/**
 * Publishing freezes a procedure model as a numbered version (DESIGN §5). Reading needs no
 * permission: a version is the public description of a procedure (its forms and steps), and a
 * citizen starting a case needs it.
 */
@Injectable()
export class ProcedureVersions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    concepts?: ConceptsService,
  ) {
    this.concepts = concepts ?? new ConceptsService(db);
  }

  private readonly concepts: ConceptsService;

  /**
   * The static validator's judgement of a model for the ente (or, without an ente, for the
   * region): concepts must be published, and for an ente the service must have the fee and
   * taxonomy its payment steps need, and the resources and units it names must exist. Every
   * problem is reported at once (details.problems), with the path of the step and field.
   */
  async judge(
    document: unknown,
    enteCode: string | null,
    procedureCode: string,
  ): Promise<ReturnType<typeof validateProcedureModel>> {
    const shaped = procedureModelSchema.safeParse(document);
    const codes = shaped.success
      ? shaped.data.steps.flatMap((step) =>
          step.type === 'form' ? step.fields.map((field) => field.concept) : [],
        )
      : [];
    const concepts = await this.concepts.publishedDefinitions(systemContext(), codes);
    let context: ModelValidationContext = { concepts };
    if (enteCode) {
      const [service] = (await this.db.query(
        `SELECT s.fees, s.taxonomy_codes FROM service s JOIN procedure p ON p.id = s.procedure_id
           JOIN ente e ON e.id = s.ente_id WHERE e.ipa_code = $1 AND p.code = $2 LIMIT 1`,
        [enteCode, procedureCode],
      )) as { fees: { amountCents: number; description: string }[]; taxonomy_codes: string[] }[];
      const resources = (await this.db.query(
        `SELECT r.code FROM booking_resource r JOIN ente e ON e.id = r.ente_id WHERE e.ipa_code = $1`,
        [enteCode],
      )) as { code: string }[];
      const units = (await this.db.query(
        `SELECT u.code FROM org_unit u JOIN ente e ON e.id = u.ente_id WHERE e.ipa_code = $1`,
        [enteCode],
      )) as { code: string }[];
      context = {
        concepts,
        service: service ? { fees: service.fees, taxonomyCodes: service.taxonomy_codes } : null,
        bookingResources: new Set(resources.map((row) => row.code)),
        orgUnits: new Set(units.map((row) => row.code)),
      };
    }
    return validateProcedureModel(document, context);
  }

  private async validate(document: unknown, enteCode: string | null, procedureCode: string): Promise<void> {
    const judged = await this.judge(document, enteCode, procedureCode);
    if (judged.ok) return;
    const [first] = judged.problems;
    throw new CatalogError(
      'INVALID_PROCEDURE_MODEL',
      `The procedure model is not valid: ${first!.messageEn}` +
        (judged.problems.length > 1 ? ` (and ${judged.problems.length - 1} more problems)` : ''),
      first!.path.length ? `document.${first!.path.join('.')}` : 'document',
      { problems: judged.problems },
    );
  }

  /** The region publishes the next version of a template (`model:write`). */
  async publishTemplateVersion(
    ctx: RequestContext,
    templateCode: string,
    document: unknown,
    publishedBy: string,
    options: PublishOptions = {},
  ): Promise<ProcedureVersion> {
    assertCan(ctx, 'model:write');
    const model = parseModel(document, templateCode);
    checkPublisher(publishedBy);
    // Judged before the transaction: it reads other tables, and must not hold the owner's lock
    // while waiting for a connection of the pool.
    const known = (await this.db.query('SELECT 1 FROM procedure_template WHERE code = $1', [
      templateCode,
    ])) as unknown[];
    if (known.length > 0) await this.validate(document, null, templateCode);
    return this.db.transaction(async (tx) => {
      // The owner's row lock serialises publishes, so two never compute the same number.
      const [template] = (await tx.query(
        'SELECT id FROM procedure_template WHERE code = $1 FOR NO KEY UPDATE',
        [templateCode],
      )) as { id: string }[];
      if (!template)
        throw new CatalogError('NOT_FOUND', `No procedure template "${templateCode}".`, 'templateCode');
      return this.insert(tx, ctx, { procedureTemplateId: template.id }, model, publishedBy, null, options);
    });
  }

  /** An ente publishes the next version of the procedure it adopted (`catalog:write` in the ente). */
  async publishEnteVersion(
    ctx: RequestContext,
    enteCode: string,
    procedureCode: string,
    document: unknown,
    publishedBy: string,
    options: PublishOptions = {},
  ): Promise<ProcedureVersion> {
    const ipaCode = normaliseIpaCode(enteCode);
    assertCan(ctx, 'catalog:write', ipaCode);
    const model = parseModel(document, procedureCode);
    checkPublisher(publishedBy);
    const adopted = (await this.db.query(
      'SELECT 1 FROM procedure p JOIN ente e ON e.id = p.ente_id WHERE e.ipa_code = $1 AND p.code = $2',
      [ipaCode, procedureCode],
    )) as unknown[];
    if (adopted.length > 0) await this.validate(document, ipaCode, procedureCode);
    return this.db.transaction(async (tx) => {
      const [procedure] = (await tx.query(
        `SELECT p.id, p.ente_id FROM procedure p JOIN ente e ON e.id = p.ente_id
          WHERE e.ipa_code = $1 AND p.code = $2 FOR NO KEY UPDATE OF p`,
        [ipaCode, procedureCode],
      )) as { id: string; ente_id: string }[];
      if (!procedure) {
        throw new CatalogError(
          'NOT_FOUND',
          `${ipaCode} has not adopted procedure "${procedureCode}"; adopt the template first.`,
          'procedureCode',
        );
      }
      return this.insert(
        tx,
        ctx,
        { procedureId: procedure.id, enteId: procedure.ente_id },
        model,
        publishedBy,
        ipaCode,
        options,
      );
    });
  }

  /** What a new case of the ente runs: the ente's latest version, else the template's latest, else null. */
  async current(
    ctx: RequestContext,
    enteCode: string,
    procedureCode: string,
  ): Promise<ProcedureVersion | null> {
    return (await this.ofProcedure(ctx, enteCode, procedureCode, 1))[0] ?? null;
  }

  async byId(_ctx: RequestContext, id: string): Promise<ProcedureVersion | null> {
    if (!UUID.test(id)) return null;
    const rows = (await this.db.query(`${VERSION_SELECT} WHERE v.id = $1`, [id])) as Record<
      string,
      unknown
    >[];
    return rows[0] ? toVersion(rows[0]) : null;
  }

  /** The versions that apply to the ente's procedure, in the order `current` picks them: the ente's, then the template's, newest first. */
  async list(ctx: RequestContext, enteCode: string, procedureCode: string): Promise<ProcedureVersion[]> {
    return this.ofProcedure(ctx, enteCode, procedureCode, null);
  }

  private async ofProcedure(
    _ctx: RequestContext,
    enteCode: string,
    procedureCode: string,
    limit: number | null,
  ): Promise<ProcedureVersion[]> {
    const rows = (await this.db.query(
      `WITH adopted AS (
         SELECT p.id, p.template_id FROM procedure p JOIN ente e ON e.id = p.ente_id
          WHERE e.ipa_code = $1 AND p.code = $2)
       ${VERSION_SELECT}
        WHERE v.procedure_id = (SELECT id FROM adopted)
           OR v.procedure_template_id = (SELECT template_id FROM adopted)
        ORDER BY (v.procedure_id IS NOT NULL) DESC, v.version DESC
        LIMIT $3`,
      [normaliseIpaCode(enteCode), procedureCode, limit],
    )) as Record<string, unknown>[];
    return rows.map(toVersion);
  }

  private async insert(
    tx: EntityManager,
    ctx: RequestContext,
    owner: { procedureTemplateId: string } | { procedureId: string; enteId: string },
    model: ProcedureModel,
    publishedBy: string,
    enteCode: string | null,
    options: PublishOptions,
  ): Promise<ProcedureVersion> {
    const byTemplate = 'procedureTemplateId' in owner;
    const [{ next }] = (await tx.query(
      `SELECT COALESCE(max(version), 0) + 1 AS next FROM procedure_version
        WHERE ${byTemplate ? 'procedure_template_id' : 'procedure_id'} = $1`,
      [byTemplate ? owner.procedureTemplateId : owner.procedureId],
    )) as [{ next: number }];
    const id = randomUUID();
    await tx.query(
      `INSERT INTO procedure_version
         (id, procedure_template_id, procedure_id, ente_id, version, document, published_by, based_on_template_version_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        byTemplate ? owner.procedureTemplateId : null,
        byTemplate ? null : owner.procedureId,
        byTemplate ? null : owner.enteId,
        next,
        JSON.stringify(model),
        publishedBy,
        byTemplate ? null : (options.basedOnTemplateVersionId ?? null),
      ],
    );
    await this.audit.recordStep(
      tx,
      ctx,
      {
        action: 'procedureVersion.published',
        entity: 'ProcedureVersion',
        entityId: id,
        enteCode,
        after: { procedureCode: model.procedureCode, owner: byTemplate ? 'template' : 'ente', version: next },
      },
      `procedureVersion/${id}`,
    );
    const [row] = (await tx.query(`${VERSION_SELECT} WHERE v.id = $1`, [id])) as Record<string, unknown>[];
    const version = toVersion(row!);
    await options.within?.(tx, version);
    return version;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The schema's verdict, with every issue, so a modeller fixes the document in one pass. */
function parseModel(document: unknown, procedureCode: string): ProcedureModel {
  const parsed = procedureModelSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    const first = issues[0]!;
    throw new CatalogError(
      'INVALID_PROCEDURE_MODEL',
      `The procedure model is not valid: ${first.path || 'document'}: ${first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ''),
      first.path ? `document.${first.path}` : 'document',
      { issues },
    );
  }
  if (parsed.data.procedureCode !== procedureCode) {
    throw new CatalogError(
      'INVALID_PROCEDURE_MODEL',
      `The model describes procedure "${parsed.data.procedureCode}", not "${procedureCode}".`,
      'document.procedureCode',
      { issues: [{ path: 'procedureCode', message: `Expected "${procedureCode}".` }] },
    );
  }
  return parsed.data;
}

function checkPublisher(publishedBy: string): void {
  if (!publishedBy?.trim())
    throw new CatalogError('BAD_USER_INPUT', 'Name who publishes the version.', 'publishedBy');
}
