import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CatalogError,
  ProcedureDrafts,
  type ProcedureDraft as DraftRecord,
  type ProcedureVersion as VersionRecord,
  type RequestContext,
  type TemplateUpdate as TemplateUpdateRecord,
} from '@sus/catalog';
import type {
  FormPreview as FormPreviewRecord,
  ModelDiff as DiffRecord,
  StepEdit,
  ValueChange as ChangeRecord,
} from '@sus/domain';
import { anonymous, catalogWriters, procedureModellers } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { civilDateInRome } from '@sus/domain';
import type { SimulationAction, SimulationResult as SimulationRecord } from '@sus/contracts';
import { CreateProcedureDraftInput, StepEditInput, StepEditKind } from './dto/modeller.input';
import { SimulationActionInput, SimulationResult } from './models/simulation.model';
import { MAX_SIMULATED_DAYS, SimulationService } from './simulation.service';
import {
  DraftValidation,
  FormPreview,
  ModelDiff,
  ProcedureDraft,
  ProcedureVersion,
  TemplateUpdate,
} from './models/procedure-draft.model';

/** JSON text from a GraphQL argument, or BAD_USER_INPUT naming the argument. */
export function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CatalogError('BAD_USER_INPUT', `${field} is not valid JSON.`, field);
  }
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

function draftOf(draft: DraftRecord): ProcedureDraft {
  return { ...draft, document: JSON.stringify(draft.document) } as unknown as ProcedureDraft;
}

function versionOf(version: VersionRecord): ProcedureVersion {
  return { ...version, document: JSON.stringify(version.document) } as unknown as ProcedureVersion;
}

const changes = (list: ChangeRecord[]) =>
  list.map((change) => ({ ...change, from: json(change.from), to: json(change.to) }));

function diffOf(diff: DiffRecord): ModelDiff {
  return {
    ...diff,
    stepsChanged: diff.stepsChanged.map((step) => ({
      ...step,
      changes: changes(step.changes),
      fieldsChanged: step.fieldsChanged.map((field) => ({ key: field.key, changes: changes(field.changes) })),
    })),
    term: changes(diff.term),
    model: changes(diff.model),
  } as ModelDiff;
}

function updateOf(update: TemplateUpdateRecord): TemplateUpdate {
  return {
    procedureCode: update.procedureCode,
    current: versionOf(update.current),
    basedOn: update.basedOn && versionOf(update.basedOn),
    offered: versionOf(update.offered),
    diff: diffOf(update.diff),
    regionalChanges: update.regionalChanges && diffOf(update.regionalChanges),
  };
}

function previewOf(preview: FormPreviewRecord): FormPreview {
  return {
    ...preview,
    fields: preview.fields.map((field) => ({
      ...field,
      condition: field.condition && JSON.stringify(field.condition),
    })),
  } as unknown as FormPreview;
}

function simulationOf(result: SimulationRecord): SimulationResult {
  return {
    ...result,
    timeline: result.timeline.map((entry) => ({
      ...entry,
      day: civilDateInRome(new Date(entry.at)),
      detail: JSON.stringify(entry.detail),
    })),
    clock: {
      state: result.clock.state,
      receivedOn: result.clock.receivedOn,
      deadline: result.clock.deadline,
      escalatedTo: result.clock.escalatedTo,
    },
  } as unknown as SimulationResult;
}

function editOf(edit: StepEditInput): StepEdit {
  const step = () => {
    if (edit.step === undefined || edit.step === null)
      throw new CatalogError('BAD_USER_INPUT', `A ${edit.kind} edit carries the step.`, 'edit.step');
    return parseJson(edit.step, 'edit.step');
  };
  const stepId = () => {
    if (!edit.stepId)
      throw new CatalogError('BAD_USER_INPUT', `A ${edit.kind} edit names the step.`, 'edit.stepId');
    return edit.stepId;
  };
  switch (edit.kind) {
    case StepEditKind.ADD:
      return edit.after === undefined
        ? { kind: 'add', step: step() }
        : { kind: 'add', step: step(), after: edit.after };
    case StepEditKind.REPLACE:
      return { kind: 'replace', stepId: stepId(), step: step() };
    case StepEditKind.REMOVE:
      return { kind: 'remove', stepId: stepId() };
    case StepEditKind.MOVE:
      return { kind: 'move', stepId: stepId(), after: edit.after ?? null };
  }
}

/**
 * The process modeller (issue 13): drafts of procedure models, their validation and form preview,
 * publishing as immutable numbered versions, the differences between versions, and the regional
 * versions offered to the enti that specialised an older one.
 */
@Resolver()
export class ModellerResolver {
  constructor(
    private readonly drafts: ProcedureDrafts,
    private readonly simulations: SimulationService,
  ) {}

  @Allow(procedureModellers())
  @Mutation(() => SimulationResult, {
    description: `Runs the (valid) draft as a case on a time-skipping Temporal server with the scripted citizen and staff actions, and answers its timeline with simulated dates: escalations, suspensions, holds, payment expiry. Up to ${MAX_SIMULATED_DAYS} simulated days (maxDays, default 120); SIMULATION_LIMIT when the ente's simulations are all busy.`,
  })
  async simulateProcedure(
    @Ctx() ctx: RequestContext,
    @Args('draftId', { type: () => ID }) draftId: string,
    @Args('script', { type: () => [SimulationActionInput] }) script: SimulationActionInput[],
    @Args('startAt', { type: () => String, nullable: true }) startAt?: string | null,
    @Args('maxDays', { type: () => Int, nullable: true }) maxDays?: number | null,
  ) {
    const actions = script.map((action, index): SimulationAction => {
      const data = action.data == null ? undefined : parseJson(action.data, `script.${index}.data`);
      if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data)))
        throw new CatalogError('BAD_USER_INPUT', 'data is a JSON object.', `script.${index}.data`);
      return {
        stepId: action.stepId,
        action: action.action,
        ...(action.visit != null ? { visit: action.visit } : {}),
        ...(action.afterDays != null ? { afterDays: action.afterDays } : {}),
        ...(data !== undefined ? { data: data as Record<string, unknown> } : {}),
        ...(action.reason != null ? { reason: action.reason } : {}),
      };
    });
    return simulationOf(await this.simulations.simulate(ctx, draftId, { script: actions, startAt, maxDays }));
  }

  @Allow(procedureModellers('input.enteCode'))
  @Mutation(() => ProcedureDraft, {
    description:
      "Starts a draft of an ente's procedure (or, without enteCode, of a regional template) from the region's model, a published version, or scratch.",
  })
  async createProcedureDraft(@Ctx() ctx: RequestContext, @Args('input') input: CreateProcedureDraftInput) {
    const document =
      input.document === undefined || input.document === null
        ? undefined
        : parseJson(input.document, 'input.document');
    return draftOf(
      await this.drafts.create(ctx, {
        enteCode: input.enteCode ?? null,
        procedureCode: input.procedureCode,
        from: input.from,
        versionId: input.versionId ?? null,
        document,
      }),
    );
  }

  @Allow(procedureModellers())
  @Mutation(() => ProcedureDraft, {
    description:
      'Saves a new revision of a draft: the whole document (JSON text) or one step edit, over expectedRevision (else DRAFT_REVISION_CONFLICT).',
  })
  async updateProcedureDraft(
    @Ctx() ctx: RequestContext,
    @Args('draftId', { type: () => ID }) draftId: string,
    @Args('expectedRevision', { type: () => Int }) expectedRevision: number,
    @Args('document', { type: () => String, nullable: true }) document?: string | null,
    @Args('edit', { type: () => StepEditInput, nullable: true }) edit?: StepEditInput | null,
  ) {
    if ((document == null) === (edit == null))
      throw new CatalogError('BAD_USER_INPUT', 'Send either the whole document or one step edit.', 'edit');
    const change = document != null ? { document: parseJson(document, 'document') } : { edit: editOf(edit!) };
    return draftOf(await this.drafts.update(ctx, draftId, expectedRevision, change));
  }

  @Allow(procedureModellers())
  @Mutation(() => ProcedureDraft, {
    description: 'Closes a draft without publishing it (its revisions are kept).',
  })
  async discardProcedureDraft(
    @Ctx() ctx: RequestContext,
    @Args('draftId', { type: () => ID }) draftId: string,
  ) {
    return draftOf(await this.drafts.discard(ctx, draftId));
  }

  @Allow(procedureModellers('enteCode'))
  @Query(() => [ProcedureDraft], {
    description:
      "The ente's open drafts (without enteCode: the regional templates' drafts), newest edit first.",
  })
  async procedureDrafts(
    @Ctx() ctx: RequestContext,
    @Args('enteCode', { type: () => String, nullable: true }) enteCode?: string | null,
    @Args('includeClosed', { type: () => Boolean, defaultValue: false }) includeClosed = false,
  ) {
    return (await this.drafts.list(ctx, enteCode ?? null, includeClosed)).map(draftOf);
  }

  @Allow(procedureModellers())
  @Query(() => ProcedureDraft, { nullable: true })
  async procedureDraft(@Ctx() ctx: RequestContext, @Args('draftId', { type: () => ID }) draftId: string) {
    const draft = await this.drafts.get(ctx, draftId);
    return draft && draftOf(draft);
  }

  @Allow(procedureModellers())
  @Query(() => DraftValidation, {
    description: "The static validator's judgement of a draft: every problem with its step and field path.",
  })
  async validateProcedureDraft(
    @Ctx() ctx: RequestContext,
    @Args('draftId', { type: () => ID }) draftId: string,
  ) {
    const judged = await this.drafts.validate(ctx, draftId);
    return {
      valid: judged.valid,
      problems: judged.problems.map((problem) => ({
        ...problem,
        path: problem.path.map(String),
        stepId: problem.stepId ?? null,
      })),
    };
  }

  @Allow(procedureModellers())
  @Query(() => FormPreview, {
    description: 'The form a citizen will see for a form step of the draft, in Italian and English.',
  })
  async previewForm(
    @Ctx() ctx: RequestContext,
    @Args('draftId', { type: () => ID }) draftId: string,
    @Args('stepId') stepId: string,
  ) {
    return previewOf(await this.drafts.previewForm(ctx, draftId, stepId));
  }

  @Allow(procedureModellers())
  @Mutation(() => ProcedureVersion, {
    description:
      'Publishes the draft as the next numbered, immutable version; an invalid draft is refused (INVALID_PROCEDURE_MODEL, details.problems).',
  })
  async publishProcedureVersion(
    @Ctx() ctx: RequestContext,
    @Args('draftId', { type: () => ID }) draftId: string,
    @Args('expectedRevision', { type: () => Int, nullable: true }) expectedRevision?: number | null,
  ) {
    return versionOf(await this.drafts.publish(ctx, draftId, expectedRevision ?? null));
  }

  @Allow(anonymous)
  @Query(() => [ProcedureVersion], {
    description:
      "The published versions of an ente's procedure (its own, then the region's, newest first), or without enteCode of a regional template.",
  })
  async procedureVersions(
    @Ctx() ctx: RequestContext,
    @Args('procedureCode') procedureCode: string,
    @Args('enteCode', { type: () => String, nullable: true }) enteCode?: string | null,
  ) {
    return (await this.drafts.versionsOf(ctx, enteCode ?? null, procedureCode)).map(versionOf);
  }

  @Allow(anonymous)
  @Query(() => ModelDiff, { description: 'What changed from one published version to another.' })
  async procedureVersionDiff(
    @Ctx() ctx: RequestContext,
    @Args('fromVersionId', { type: () => ID }) fromVersionId: string,
    @Args('toVersionId', { type: () => ID }) toVersionId: string,
  ) {
    return diffOf(await this.drafts.diff(ctx, fromVersionId, toVersionId));
  }

  @Allow(...catalogWriters())
  @Query(() => [TemplateUpdate], {
    description:
      'Newer regional versions of the templates the ente specialised, each with the diff against its version; never applied by themselves.',
  })
  async templateUpdates(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string) {
    return (await this.drafts.templateUpdates(ctx, enteCode)).map(updateOf);
  }
}
