import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import {
  CatalogError,
  ConceptsService,
  EntiService,
  ProcedureDrafts,
  type RequestContext,
} from '@sus/catalog';
import {
  SIMULATION_ACTIONS,
  SIMULATIONS_PER_ENTE,
  simulateProcedureWorkflowType,
  simulationWorkflowId,
  type CaseInput,
  type SimulateProcedureWorkflow,
  type SimulationAction,
  type SimulationResult,
} from '@sus/contracts';
import { createBusinessCalendar } from '@sus/domain';
import { DataSource } from 'typeorm';
import { TemporalGateway } from '../temporal/temporal.module';

/** Longest simulated span: a year and a half covers the longest waits of the models we know. */
export const MAX_SIMULATED_DAYS = 550;
const MAX_ACTIONS = 200;
/** The simulated applicant: an invented person (the sandbox's Mario Rossi), never a real citizen. */
const APPLICANT = { fiscalCode: 'RSSMRA80A01L424F', fullName: 'Mario Rossi (simulazione)', email: null };

export interface SimulationRequest {
  script: SimulationAction[];
  startAt?: string | null;
  maxDays?: number | null;
}

/**
 * Starts a simulation of a draft (issue 13) as `simulation/<ente>/<slot>`: the slot ids cap the
 * simulations running for one ente at once, whichever api instance starts them, and the answer is
 * the simulated case's timeline. The case is built as startCase builds it, from the ente's calendar,
 * service and published concepts, with the draft's model as its snapshot.
 */
@Injectable()
export class SimulationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly drafts: ProcedureDrafts,
    private readonly enti: EntiService,
    private readonly concepts: ConceptsService,
    private readonly temporal: TemporalGateway,
  ) {}

  async simulate(
    ctx: RequestContext,
    draftId: string,
    request: SimulationRequest,
  ): Promise<SimulationResult> {
    const script = checkScript(request.script);
    const maxDays = request.maxDays ?? 120;
    if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > MAX_SIMULATED_DAYS)
      throw new CatalogError(
        'BAD_USER_INPUT',
        `maxDays is a whole number from 1 to ${MAX_SIMULATED_DAYS}.`,
        'maxDays',
      );
    const now = Date.now();
    const startAtMs = request.startAt ? Date.parse(request.startAt) : now;
    // The test server's clock starts at the real now and only moves forward.
    if (!Number.isFinite(startAtMs) || startAtMs < now - 60_000 || startAtMs > now + 5 * 365 * 86_400_000)
      throw new CatalogError(
        'BAD_USER_INPUT',
        'startAt is an ISO date-time from now to five years ahead: a simulation cannot start in the past.',
        'startAt',
      );
    const { draft, model } = await this.drafts.modelToSimulate(ctx, draftId);
    const caseInput = await this.caseInput(ctx, draft.enteCode, draft.procedureCode, model);
    const client = await this.temporal.client();
    for (let slot = 0; slot < SIMULATIONS_PER_ENTE; slot++) {
      let handle;
      try {
        handle = await client.workflow.start<SimulateProcedureWorkflow>(simulateProcedureWorkflowType, {
          workflowId: simulationWorkflowId(draft.enteCode, slot),
          taskQueue: this.temporal.taskQueue,
          args: [
            { case: caseInput, script, startAt: new Date(Math.max(startAtMs, now)).toISOString(), maxDays },
          ],
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowExecutionTimeout: '5 minutes',
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) continue;
        throw error;
      }
      try {
        return await handle.result();
      } catch (error) {
        if (!(error instanceof WorkflowFailedError)) throw error;
        // The activity's own failure, under the workflow's and the activity's wrappers.
        const cause = error.cause instanceof Error ? (error.cause.cause ?? error.cause) : error;
        throw new CatalogError(
          'SIMULATION_FAILED',
          `The simulation failed: ${cause instanceof Error ? cause.message : error.message}`,
        );
      }
    }
    throw new CatalogError(
      'SIMULATION_LIMIT',
      `${SIMULATIONS_PER_ENTE} simulations of ${draft.enteCode ?? 'the region'} are running: try again when one ends.`,
    );
  }

  private async caseInput(
    ctx: RequestContext,
    enteCode: string | null,
    procedureCode: string,
    model: CaseInput['procedure']['model'],
  ): Promise<CaseInput> {
    const [owner] = (await this.db.query(
      // An ente adopts a template under the template's code.
      `SELECT t.substitute_power_title, o.ipa_code AS owner_code FROM procedure_template t
         JOIN ente o ON o.id = t.owner_ente_id WHERE t.code = $1`,
      [procedureCode],
    )) as { substitute_power_title: string | null; owner_code: string }[];
    const ente = await this.enti.getByCode(ctx, enteCode ?? owner!.owner_code);
    const [service] = enteCode
      ? ((await this.db.query(
          `SELECT s.code, s.name, s.fees, s.taxonomy_codes FROM service s JOIN procedure p ON p.id = s.procedure_id
            WHERE s.ente_id = $1 AND p.code = $2 ORDER BY s.code LIMIT 1`,
          [ente.id, procedureCode],
        )) as {
          code: string;
          name: string;
          fees: { description: string; amountCents: number }[];
          taxonomy_codes: string[];
        }[])
      : [];
    const codes = model.steps.flatMap((step) =>
      step.type === 'form' ? step.fields.map((field) => field.concept) : [],
    );
    const concepts = await this.concepts.publishedDefinitions(ctx, codes);
    return {
      caseId: randomUUID(),
      caseNumber: `SIM-${randomUUID().slice(0, 8)}`,
      ente: {
        id: ente.id,
        code: ente.ipaCode,
        name: ente.name,
        fiscalCode: ente.fiscalCode,
        calendar: createBusinessCalendar({ enteHolidays: ente.holidays }),
      },
      service: {
        code: service?.code ?? procedureCode,
        name: service?.name ?? model.title.it,
        // A regional template has no service of its own: a stand-in fee lets its payment steps run.
        fees: service?.fees.map(({ description, amountCents }) => ({ description, amountCents })) ?? [
          { description: 'Tariffa (simulazione)', amountCents: 100 },
        ],
        taxonomyCodes: service?.taxonomy_codes ?? [],
        iban: null,
        // Simulated messages stay in the timeline: nothing reaches App IO.
        appIoServiceId: null,
      },
      procedure: {
        code: procedureCode,
        versionId: randomUUID(),
        versionNumber: 0,
        model,
        substitutePowerHolder: owner?.substitute_power_title ?? null,
      },
      concepts: Object.fromEntries(concepts),
      applicant: APPLICANT,
      startedAt: new Date().toISOString(),
    };
  }
}

function checkScript(script: SimulationAction[]): SimulationAction[] {
  if (script.length > MAX_ACTIONS)
    throw new CatalogError('BAD_USER_INPUT', `A script has at most ${MAX_ACTIONS} actions.`, 'script');
  script.forEach((action, index) => {
    if (!SIMULATION_ACTIONS.includes(action.action))
      throw new CatalogError(
        'BAD_USER_INPUT',
        `"${String(action.action)}" is not an action.`,
        `script.${index}.action`,
      );
    if (
      action.afterDays !== undefined &&
      (!Number.isInteger(action.afterDays) || action.afterDays < 0 || action.afterDays > MAX_SIMULATED_DAYS)
    )
      throw new CatalogError(
        'BAD_USER_INPUT',
        'afterDays is a whole number of days from 0.',
        `script.${index}.afterDays`,
      );
    if (
      action.visit !== undefined &&
      (!Number.isInteger(action.visit) || action.visit < 1 || action.visit > 1000)
    )
      throw new CatalogError('BAD_USER_INPUT', 'visit counts from 1.', `script.${index}.visit`);
  });
  return script;
}
