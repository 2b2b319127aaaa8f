import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessDeniedError,
  accountReference,
  applyStepEdit,
  can,
  diffProcedureModels,
  previewForm,
  procedureModelSchema,
  PROCEDURE_MODEL_SCHEMA_VERSION,
  type FormPreview,
  type ModelDiff,
  type ModelProblem,
  type ProcedureModel,
  type StepEdit,
} from '@sus/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { CatalogError, checkRecord } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { ConceptsService } from '../concepts/concepts.service';
import { normaliseIpaCode } from '../organisations/enti.service';
import { ProcedureVersions, type ProcedureVersion } from '../procedures/procedure-versions.service';

export type DraftSource = 'template' | 'version' | 'scratch';
export type DraftStatus = 'open' | 'published' | 'discarded';

/** A procedure model being edited: an ente's (enteCode) or the region's for a template (enteCode null). */
export interface ProcedureDraft {
  id: string;
  enteCode: string | null;
  procedureCode: string;
  source: DraftSource;
  /** The version the draft was copied from (none for a scratch draft). */
  sourceVersionId: string | null;
  /** The regional version the draft specialises; published versions carry it on. */
  basedOnTemplateVersionId: string | null;
  /** 1 at creation, +1 per edit: updates name the revision they edited (optimistic locking). */
  revision: number;
  /** The document as last saved: JSON, possibly not (yet) a valid model. */
  document: unknown;
  status: DraftStatus;
  publishedVersionId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDraftInput {
  /** Null or absent: a draft of the regional template (template editors). */
  enteCode?: string | null;
  procedureCode: string;
  from: DraftSource;
  /** The version to copy; default the template's latest (`template`) or the ente's current (`version`). */
  versionId?: string | null;
  /** A scratch draft's first document (default: a skeleton with the template's title and term). */
  document?: unknown;
}

export type DraftChange = { document: unknown } | { edit: StepEdit };

export interface DraftValidation {
  valid: boolean;
  problems: ModelProblem[];
}

/** A newer regional version offered to an ente that specialised an older one. */
export interface TemplateUpdate {
  procedureCode: string;
  /** The ente's version in force (the one it specialised from an older regional version). */
  current: ProcedureVersion;
  /** The regional version it was based on (null when not recorded). */
  basedOn: ProcedureVersion | null;
  offered: ProcedureVersion;
  /** From the ente's version to the offered one: what adopting it as is would change. */
  diff: ModelDiff;
  /** From the regional version the ente specialised to the offered one: what the region changed. */
  regionalChanges: ModelDiff | null;
}

/** Drafts larger than this are refused: a procedure model is a few kilobytes. */
const MAX_DOCUMENT_CHARS = 256_000;

const DRAFT_SELECT = `
  SELECT d.*, e.ipa_code FROM procedure_draft d LEFT JOIN ente e ON e.id = d.ente_id`;

function toDraft(row: Record<string, unknown>): ProcedureDraft {
  return {
    id: String(row.id),
    enteCode: (row.ipa_code as string | null) ?? null,
    procedureCode: String(row.procedure_code),
    source: row.source as DraftSource,
    sourceVersionId: (row.source_version_id as string | null) ?? null,
    basedOnTemplateVersionId: (row.based_on_template_version_id as string | null) ?? null,
    revision: Number(row.revision),
    document: row.document,
    status: row.status as DraftStatus,
    publishedVersionId: (row.published_version_id as string | null) ?? null,
    createdBy: String(row.created_by),
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who the audit and the version name as author. */
function authorOf(ctx: RequestContext): string {
  const actor = ctx.actor;
  return actor.kind === 'staff'
    ? actor.name || accountReference(actor)!
    : (accountReference(actor) ?? actor.kind);
}

/**
 * The process modeller's drafts (issue 13): per ente, from a regional model, from one of the ente's
 * published versions or from scratch; every edit is a new revision (kept, audited); publishing
 * judges the draft with the static validator and freezes it as the next numbered version. Drafts
 * are never run, except by simulation. An ente's drafts are its modellers' (catalog:write there),
 * a template's drafts the region's template editors' (model:write); anyone else is told there is
 * no such draft.
 */
@Injectable()
export class ProcedureDrafts {
  private readonly concepts: ConceptsService;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly versions: ProcedureVersions,
    concepts?: ConceptsService,
  ) {
    this.concepts = concepts ?? new ConceptsService(db);
  }

  private mayModel(ctx: RequestContext, enteCode: string | null): boolean {
    return enteCode === null ? can(ctx.actor, 'model:write') : can(ctx.actor, 'catalog:write', enteCode);
  }

  async create(ctx: RequestContext, input: CreateDraftInput): Promise<ProcedureDraft> {
    const enteCode = input.enteCode ? normaliseIpaCode(input.enteCode) : null;
    if (!this.mayModel(ctx, enteCode)) {
      throw new AccessDeniedError(
        enteCode === null
          ? 'Not allowed: model:write (regional procedure models).'
          : `Not allowed: catalog:write for ente ${enteCode}.`,
      );
    }
    const procedureCode = input.procedureCode?.trim();
    if (!procedureCode)
      throw new CatalogError('BAD_USER_INPUT', 'Name the procedure.', 'input.procedureCode');
    if (!['template', 'version', 'scratch'].includes(input.from))
      throw new CatalogError(
        'BAD_USER_INPUT',
        `"${String(input.from)}" is not a draft source.`,
        'input.from',
      );
    const owner = await this.ownerOf(enteCode, procedureCode);

    let document: unknown;
    let source: ProcedureVersion | null = null;
    let basedOn: string | null = null;
    if (input.from === 'scratch') {
      document = input.document ?? this.skeleton(procedureCode, owner.templateName, owner.termDays);
      checkSize(document, 'input.document');
    } else {
      if (input.document !== undefined && input.document !== null)
        throw new CatalogError(
          'BAD_USER_INPUT',
          'Only a scratch draft starts from a document of yours; edit the copy instead.',
          'input.document',
        );
      source = await this.sourceVersion(ctx, enteCode, procedureCode, input.from, input.versionId ?? null);
      document = source.document;
      basedOn = source.owner === 'template' ? source.id : source.basedOnTemplateVersionId;
    }
    const id = randomUUID();
    const by = authorOf(ctx);
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO procedure_draft (id, ente_id, procedure_template_id, procedure_code, source,
           source_version_id, based_on_template_version_id, revision, document, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)`,
        [
          id,
          owner.enteId,
          owner.templateId,
          procedureCode,
          input.from,
          source?.id ?? null,
          basedOn,
          JSON.stringify(document),
          by,
        ],
      );
      await this.revision(
        tx,
        id,
        1,
        document,
        { kind: 'create', from: input.from, versionId: source?.id ?? null },
        by,
      );
      await this.audit.recordStep(
        tx,
        ctx,
        {
          action: 'procedureDraft.created',
          entity: 'ProcedureDraft',
          entityId: id,
          enteCode,
          after: {
            procedureCode,
            from: input.from,
            versionId: source?.id ?? null,
            basedOnTemplateVersionId: basedOn,
          },
        },
        `procedureDraft/${id}/1`,
      );
      return this.read(tx, id);
    });
  }

  /** One draft the caller may model, or null (another ente's draft is "not found", not "forbidden"). */
  async get(ctx: RequestContext, draftId: string): Promise<ProcedureDraft | null> {
    if (!UUID.test(draftId ?? '')) return null;
    const rows = (await this.db.query(`${DRAFT_SELECT} WHERE d.id = $1`, [draftId])) as Record<
      string,
      unknown
    >[];
    const draft = rows[0] ? toDraft(rows[0]) : null;
    return draft && this.mayModel(ctx, draft.enteCode) ? draft : null;
  }

  /** The ente's (or, with null, the region's) drafts, open ones only unless asked, newest edit first. */
  async list(ctx: RequestContext, enteCode: string | null, includeClosed = false): Promise<ProcedureDraft[]> {
    const ente = enteCode ? normaliseIpaCode(enteCode) : null;
    if (!this.mayModel(ctx, ente)) return [];
    const rows = (await this.db.query(
      `${DRAFT_SELECT}
        WHERE ${ente === null ? 'd.ente_id IS NULL' : 'e.ipa_code = $1'}
          AND ($2::boolean OR d.status = 'open')
        ORDER BY d.updated_at DESC LIMIT 200`,
      [ente, includeClosed],
    )) as Record<string, unknown>[];
    return rows.map(toDraft);
  }

  /** Saves a new revision: the whole document or one step edit, over the revision the caller edited. */
  async update(
    ctx: RequestContext,
    draftId: string,
    expectedRevision: number,
    change: DraftChange,
  ): Promise<ProcedureDraft> {
    const by = authorOf(ctx);
    return this.db.transaction(async (tx) => {
      const draft = await this.lockOpen(ctx, tx, draftId, expectedRevision);
      const document =
        'edit' in change ? checkRecord(() => applyStepEdit(draft.document, change.edit)) : change.document;
      checkSize(document, 'document');
      const revision = draft.revision + 1;
      await tx.query(
        'UPDATE procedure_draft SET document = $2, revision = $3, updated_at = now() WHERE id = $1',
        [draft.id, JSON.stringify(document), revision],
      );
      const edit = 'edit' in change ? change.edit : { kind: 'document' };
      await this.revision(tx, draft.id, revision, document, edit, by);
      await this.audit.recordStep(
        tx,
        ctx,
        {
          action: 'procedureDraft.updated',
          entity: 'ProcedureDraft',
          entityId: draft.id,
          enteCode: draft.enteCode,
          after: { revision, edit: 'edit' in change ? summariseEdit(change.edit) : { kind: 'document' } },
        },
        `procedureDraft/${draft.id}/${revision}`,
      );
      return this.read(tx, draft.id);
    });
  }

  async discard(ctx: RequestContext, draftId: string): Promise<ProcedureDraft> {
    return this.db.transaction(async (tx) => {
      const draft = await this.lockOpen(ctx, tx, draftId, null);
      await tx.query(`UPDATE procedure_draft SET status = 'discarded', updated_at = now() WHERE id = $1`, [
        draft.id,
      ]);
      await this.audit.recordStep(
        tx,
        ctx,
        {
          action: 'procedureDraft.discarded',
          entity: 'ProcedureDraft',
          entityId: draft.id,
          enteCode: draft.enteCode,
          after: { revision: draft.revision },
        },
        `procedureDraft/${draft.id}/discarded`,
      );
      return this.read(tx, draft.id);
    });
  }

  /** The static validator's messages, each with the step and field path, for the UI to show beside them. */
  async validate(ctx: RequestContext, draftId: string): Promise<DraftValidation> {
    const draft = await this.mustGet(ctx, draftId);
    return this.judge(draft);
  }

  private async judge(draft: ProcedureDraft): Promise<DraftValidation> {
    const judged = await this.versions.judge(draft.document, draft.enteCode, draft.procedureCode);
    const problems = judged.ok ? [] : [...judged.problems];
    const code = (draft.document as { procedureCode?: unknown } | null)?.procedureCode;
    if (judged.ok && code !== draft.procedureCode)
      problems.push({
        path: ['procedureCode'],
        code: 'INVALID_SHAPE',
        message: `Il modello descrive il procedimento "${String(code)}", non "${draft.procedureCode}".`,
        messageEn: `The model describes procedure "${String(code)}", not "${draft.procedureCode}".`,
      });
    return { valid: problems.length === 0, problems };
  }

  /** The form of a `form` step as the citizen will see it, from the Business Catalog's published concepts. */
  async previewForm(ctx: RequestContext, draftId: string, stepId: string): Promise<FormPreview> {
    const draft = await this.mustGet(ctx, draftId);
    const steps = (draft.document as { steps?: unknown } | null)?.steps;
    const codes = Array.isArray(steps)
      ? steps.flatMap((step: unknown) => {
          const fields = (step as { id?: unknown; fields?: unknown } | null)?.fields;
          return (step as { id?: unknown }).id === stepId && Array.isArray(fields)
            ? fields.map((field: unknown) => String((field as { concept?: unknown } | null)?.concept))
            : [];
        })
      : [];
    const concepts = await this.concepts.publishedDefinitions(ctx, codes);
    return checkRecord(() => previewForm(draft.document, stepId, concepts));
  }

  /**
   * Freezes the draft as the next numbered version of the ente's procedure (or of the template):
   * refused, with every validator message, while the draft is invalid; the draft is closed in the
   * same transaction, so it is published once.
   */
  async publish(
    ctx: RequestContext,
    draftId: string,
    expectedRevision: number | null,
  ): Promise<ProcedureVersion> {
    const draft = await this.mustGet(ctx, draftId);
    if (draft.status !== 'open') throw notOpen(draft);
    if (expectedRevision !== null && expectedRevision !== draft.revision)
      throw conflict(draft, expectedRevision);
    await this.assertValid(draft, 'published');
    const within = async (tx: EntityManager, version: ProcedureVersion) => {
      // The row lock and the status test make a second publish of the same draft fail, whole.
      await this.lockOpen(ctx, tx, draft.id, draft.revision);
      await tx.query(
        `UPDATE procedure_draft SET status = 'published', published_version_id = $2, updated_at = now() WHERE id = $1`,
        [draft.id, version.id],
      );
      await this.audit.recordStep(
        tx,
        ctx,
        {
          action: 'procedureDraft.published',
          entity: 'ProcedureDraft',
          entityId: draft.id,
          enteCode: draft.enteCode,
          after: { revision: draft.revision, versionId: version.id, version: version.version },
        },
        `procedureDraft/${draft.id}/published`,
      );
    };
    const by = authorOf(ctx);
    return draft.enteCode === null
      ? this.versions.publishTemplateVersion(ctx, draft.procedureCode, draft.document, by, { within })
      : this.versions.publishEnteVersion(ctx, draft.enteCode, draft.procedureCode, draft.document, by, {
          basedOnTemplateVersionId: draft.basedOnTemplateVersionId,
          within,
        });
  }

  /** The published versions that apply to an ente's procedure (ente's, then template's, newest first), or a template's. */
  async versionsOf(
    ctx: RequestContext,
    enteCode: string | null,
    procedureCode: string,
  ): Promise<ProcedureVersion[]> {
    if (enteCode) return this.versions.list(ctx, enteCode, procedureCode);
    const rows = (await this.db.query(
      `SELECT v.id FROM procedure_version v JOIN procedure_template t ON t.id = v.procedure_template_id
        WHERE t.code = $1 ORDER BY v.version DESC`,
      [procedureCode],
    )) as { id: string }[];
    const versions = await Promise.all(rows.map((row) => this.versions.byId(ctx, row.id)));
    return versions.filter((version): version is ProcedureVersion => version !== null);
  }

  /** What changed from one published version to another (any two: the region's and an ente's too). */
  async diff(ctx: RequestContext, fromVersionId: string, toVersionId: string): Promise<ModelDiff> {
    const [from, to] = await Promise.all([
      this.versions.byId(ctx, fromVersionId),
      this.versions.byId(ctx, toVersionId),
    ]);
    if (!from) throw new CatalogError('NOT_FOUND', 'No such procedure version.', 'fromVersionId');
    if (!to) throw new CatalogError('NOT_FOUND', 'No such procedure version.', 'toVersionId');
    return diffProcedureModels(parsed(from.document), parsed(to.document));
  }

  /**
   * The regional versions newer than the one each of the ente's own versions specialised, with what
   * adopting them would change. Only offered: the ente's version stays in force until its modellers
   * publish a draft made from the offer.
   */
  async templateUpdates(ctx: RequestContext, enteCode: string): Promise<TemplateUpdate[]> {
    const ente = normaliseIpaCode(enteCode);
    if (!this.mayModel(ctx, ente)) return [];
    const rows = (await this.db.query(
      `SELECT DISTINCT ON (p.id) v.id AS current_id,
              (SELECT tv.id FROM procedure_version tv WHERE tv.procedure_template_id = p.template_id
                ORDER BY tv.version DESC LIMIT 1) AS latest_id
         FROM procedure p JOIN ente e ON e.id = p.ente_id
         JOIN procedure_version v ON v.procedure_id = p.id
        WHERE e.ipa_code = $1
        ORDER BY p.id, v.version DESC`,
      [ente],
    )) as { current_id: string; latest_id: string | null }[];
    const updates: TemplateUpdate[] = [];
    for (const row of rows) {
      if (!row.latest_id) continue;
      const current = (await this.versions.byId(ctx, row.current_id))!;
      if (current.basedOnTemplateVersionId === row.latest_id) continue;
      const offered = (await this.versions.byId(ctx, row.latest_id))!;
      const basedOn = current.basedOnTemplateVersionId
        ? await this.versions.byId(ctx, current.basedOnTemplateVersionId)
        : null;
      if (basedOn && basedOn.version >= offered.version) continue;
      // A version published before its origin was recorded: only a regional version published after it is news.
      if (!basedOn && Date.parse(offered.publishedAt) <= Date.parse(current.publishedAt)) continue;
      updates.push({
        procedureCode: current.procedureCode,
        current,
        basedOn,
        offered,
        diff: diffProcedureModels(parsed(current.document), parsed(offered.document)),
        regionalChanges: basedOn
          ? diffProcedureModels(parsed(basedOn.document), parsed(offered.document))
          : null,
      });
    }
    return updates.sort((a, b) => a.procedureCode.localeCompare(b.procedureCode));
  }

  /**
   * The draft's model as a case would run it, for a simulation: the draft must be valid (the
   * validator's messages otherwise, as at publish), or the simulated case would fail where the
   * validator already knows why.
   */
  async modelToSimulate(
    ctx: RequestContext,
    draftId: string,
  ): Promise<{ draft: ProcedureDraft; model: ProcedureModel }> {
    const draft = await this.mustGet(ctx, draftId);
    await this.assertValid(draft, 'simulated');
    return { draft, model: parsed(draft.document as ProcedureModel) };
  }

  private async assertValid(draft: ProcedureDraft, what: 'published' | 'simulated'): Promise<void> {
    const judged = await this.judge(draft);
    if (judged.valid) return;
    const first = judged.problems[0]!;
    throw new CatalogError(
      'INVALID_PROCEDURE_MODEL',
      `The draft cannot be ${what}: ${first.messageEn}` +
        (judged.problems.length > 1 ? ` (and ${judged.problems.length - 1} more problems)` : ''),
      first.path.length ? `document.${first.path.join('.')}` : 'document',
      { problems: judged.problems },
    );
  }

  // ---------------------------------------------------------------------------------------------

  private async mustGet(ctx: RequestContext, draftId: string): Promise<ProcedureDraft> {
    const draft = await this.get(ctx, draftId);
    if (!draft) throw new CatalogError('NOT_FOUND', 'No such procedure draft.', 'draftId');
    return draft;
  }

  private async read(tx: EntityManager, id: string): Promise<ProcedureDraft> {
    const [row] = (await tx.query(`${DRAFT_SELECT} WHERE d.id = $1`, [id])) as Record<string, unknown>[];
    return toDraft(row!);
  }

  /** The draft, row-locked, open, at the revision the caller edited (null: any revision). */
  private async lockOpen(
    ctx: RequestContext,
    tx: EntityManager,
    draftId: string,
    expectedRevision: number | null,
  ): Promise<ProcedureDraft> {
    if (!UUID.test(draftId ?? '')) throw new CatalogError('NOT_FOUND', 'No such procedure draft.', 'draftId');
    const rows = (await tx.query(`${DRAFT_SELECT} WHERE d.id = $1 FOR UPDATE OF d`, [draftId])) as Record<
      string,
      unknown
    >[];
    const draft = rows[0] ? toDraft(rows[0]) : null;
    if (!draft || !this.mayModel(ctx, draft.enteCode))
      throw new CatalogError('NOT_FOUND', 'No such procedure draft.', 'draftId');
    if (draft.status !== 'open') throw notOpen(draft);
    if (expectedRevision !== null && expectedRevision !== draft.revision)
      throw conflict(draft, expectedRevision);
    return draft;
  }

  private async revision(
    tx: EntityManager,
    draftId: string,
    revision: number,
    document: unknown,
    edit: unknown,
    by: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO procedure_draft_revision (draft_id, revision, document, edit, edited_by) VALUES ($1, $2, $3, $4, $5)`,
      [draftId, revision, JSON.stringify(document), JSON.stringify(edit), by],
    );
  }

  private async ownerOf(enteCode: string | null, procedureCode: string) {
    if (enteCode === null) {
      const [template] = (await this.db.query(
        `SELECT t.id, t.fields FROM procedure_template t WHERE t.code = $1`,
        [procedureCode],
      )) as { id: string; fields: { name: string; termDays: number } }[];
      if (!template)
        throw new CatalogError(
          'NOT_FOUND',
          `No procedure template "${procedureCode}".`,
          'input.procedureCode',
        );
      return {
        enteId: null,
        templateId: template.id,
        templateName: template.fields.name,
        termDays: template.fields.termDays,
      };
    }
    const [procedure] = (await this.db.query(
      `SELECT p.ente_id, p.template_id, t.fields, p.overrides FROM procedure p
         JOIN ente e ON e.id = p.ente_id JOIN procedure_template t ON t.id = p.template_id
        WHERE e.ipa_code = $1 AND p.code = $2`,
      [enteCode, procedureCode],
    )) as {
      ente_id: string;
      template_id: string;
      fields: { name: string; termDays: number };
      overrides: { name?: string; termDays?: number };
    }[];
    if (!procedure)
      throw new CatalogError(
        'NOT_FOUND',
        `${enteCode} has not adopted procedure "${procedureCode}"; adopt the template first.`,
        'input.procedureCode',
      );
    return {
      enteId: procedure.ente_id,
      templateId: procedure.template_id,
      templateName: procedure.overrides.name ?? procedure.fields.name,
      termDays: procedure.overrides.termDays ?? procedure.fields.termDays,
    };
  }

  private async sourceVersion(
    ctx: RequestContext,
    enteCode: string | null,
    procedureCode: string,
    from: 'template' | 'version',
    versionId: string | null,
  ): Promise<ProcedureVersion> {
    const candidates = await this.versionsOf(ctx, enteCode, procedureCode);
    const eligible = candidates.filter((version) =>
      from === 'template' ? version.owner === 'template' : true,
    );
    const found = versionId ? eligible.find((version) => version.id === versionId) : eligible[0];
    if (!found)
      throw new CatalogError(
        'NOT_FOUND',
        versionId
          ? `Version ${versionId} is not a ${from === 'template' ? 'regional ' : ''}version of "${procedureCode}".`
          : `"${procedureCode}" has no published ${from === 'template' ? 'regional ' : ''}version to start from.`,
        versionId ? 'input.versionId' : 'input.from',
      );
    return found;
  }

  private skeleton(procedureCode: string, title: string, termDays: number): unknown {
    return {
      schemaVersion: PROCEDURE_MODEL_SCHEMA_VERSION,
      procedureCode,
      title: { it: title },
      term: { days: termDays, kind: 'calendarDays', onSilence: 'provvedimentoEspresso' },
      start: 'domanda',
      steps: [
        { id: 'domanda', type: 'form', title: { it: 'Domanda' }, fields: [], next: 'fine' },
        { id: 'fine', type: 'end', title: { it: 'Conclusa' }, conclusion: 'accepted' },
      ],
    };
  }
}

function parsed(document: ProcedureModel): ProcedureModel {
  return procedureModelSchema.parse(document);
}

function checkSize(document: unknown, field: string): void {
  const text = JSON.stringify(document ?? null);
  if (text.length > MAX_DOCUMENT_CHARS)
    throw new CatalogError(
      'BAD_USER_INPUT',
      `A draft is at most ${MAX_DOCUMENT_CHARS} characters of JSON.`,
      field,
    );
}

function notOpen(draft: ProcedureDraft): CatalogError {
  return new CatalogError(
    'DRAFT_NOT_OPEN',
    `The draft was ${draft.status}: start a new draft from the version.`,
    'draftId',
    { status: draft.status, publishedVersionId: draft.publishedVersionId },
  );
}

function conflict(draft: ProcedureDraft, expected: number): CatalogError {
  return new CatalogError(
    'DRAFT_REVISION_CONFLICT',
    `The draft is at revision ${draft.revision}, not ${expected}: someone else saved it meanwhile; reload it.`,
    'expectedRevision',
    { revision: draft.revision },
  );
}

/** What the audit keeps of an edit: its kind and the step, not the whole step body. */
function summariseEdit(edit: StepEdit): Record<string, unknown> {
  const stepId =
    'stepId' in edit ? edit.stepId : ((edit.step as { id?: unknown } | null)?.id as string | undefined);
  return { kind: edit.kind, stepId: stepId ?? null };
}
