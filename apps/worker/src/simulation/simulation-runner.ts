import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import {
  applyReceiptUpdate,
  bookSlotUpdate,
  caseStatusQuery,
  caseWorkflowId,
  decideTaskUpdate,
  paymentWorkflowId,
  procedureWorkflowType,
  submitCaseFormUpdate,
  withdrawCaseUpdate,
  type CaseView,
  type ProcedureWorkflow,
  type SimulationAction,
  type SimulationInput,
  type SimulationResult,
  type StaffRef,
} from '@sus/contracts';
import { isCaseConcluded } from '@sus/domain';
import type { SimulationServers } from './simulation-servers';
import { simulationActivities } from './simulation-ports';
import { workflowTracingSinks } from '../observability/tracing';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long the driver waits (real time) for a case busy between two waits before looking again. */
const BUSY_POLL_MS = 10;
/** The office in a simulation may work every task, whatever its unit and role. */
const OFFICE: StaffRef = { ref: 'simulazione', units: [], roles: [], anyTask: true };

/** What each kind of action answers to: the wait the case must be in. */
const WAITS: Record<SimulationAction['action'], readonly (CaseView['currentStep'] & object)['awaiting'][]> = {
  submitForm: ['citizenForm'],
  book: ['citizenBooking'],
  pay: ['payment'],
  approve: ['staff'],
  reject: ['staff'],
  requestIntegration: ['staff'],
  preavvisoRigetto: ['staff'],
  reply: ['integration', 'observations'],
  withdraw: ['citizenForm', 'citizenBooking', 'payment', 'staff', 'integration', 'observations', 'timer'],
  nothing: [],
};

export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

/**
 * Runs a draft's model as a case on a time-skipping server of its own (issue 13): the real
 * procedureWorkflow (and its payment children) on a worker with in-memory activities, driven by the
 * script. Time moves a day at a time while nobody acts (timers fire at their exact instants), and
 * straight to the moment of the next scripted action; the timeline carries the simulated dates.
 */
export class SimulationRunner {
  constructor(
    private readonly servers: SimulationServers,
    private readonly workflows: () => Promise<WorkflowSource>,
  ) {}

  async run(input: SimulationInput, heartbeat: () => void = () => undefined): Promise<SimulationResult> {
    const began = Date.now();
    const env = await this.servers.acquire();
    try {
      const startAtMs = Date.parse(input.startAt);
      const serverNow = await env.currentTimeMs();
      if (startAtMs > serverNow) await env.sleep(startAtMs - serverNow);
      const taskQueue = `simulation-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        activities: simulationActivities(input.case),
        // Simulated time on a throwaway server: its spans are not the region's traces.
        sinks: workflowTracingSinks(undefined),
        ...(await this.workflows()),
      });
      const result = await worker.runUntil(this.drive(env, taskQueue, input, heartbeat));
      return { ...result, elapsedMs: Date.now() - began };
    } finally {
      this.servers.dispose(env);
    }
  }

  private async drive(
    env: TestWorkflowEnvironment,
    taskQueue: string,
    input: SimulationInput,
    heartbeat: () => void,
  ): Promise<Omit<SimulationResult, 'elapsedMs'>> {
    const startedMs = await env.currentTimeMs();
    const endMs = startedMs + input.maxDays * DAY_MS;
    const caseInput = { ...input.case, startedAt: new Date(startedMs).toISOString() };
    const handle = await env.client.workflow.start<ProcedureWorkflow>(procedureWorkflowType, {
      workflowId: caseWorkflowId(caseInput.ente.code, caseInput.caseNumber),
      taskQueue,
      args: [caseInput],
    });
    const done = new Set<number>();
    const refused: SimulationResult['refused'] = [];
    let view: CaseView;
    for (;;) {
      heartbeat();
      view = await handle.query(caseStatusQuery);
      if (isCaseConcluded(view.status)) break;
      const now = await env.currentTimeMs();
      if (now >= endMs) break;
      const step = view.currentStep;
      if (!step?.awaiting) {
        // Between two waits (an activity, a child starting): its time is not ours to skip.
        await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
        continue;
      }
      const index = input.script.findIndex(
        (action, at) =>
          !done.has(at) &&
          action.stepId === step.id &&
          (action.visit ?? step.visit) === step.visit &&
          (action.action === 'nothing' || WAITS[action.action].includes(step.awaiting)),
      );
      const action = index >= 0 ? input.script[index]! : undefined;
      if (!action || action.action === 'nothing') {
        if (action) done.add(index);
        // Nobody will act again: the case's own timers decide the rest, in one stretch of time. While
        // an action is still ahead, a day at a time, so it is taken up on the day it is due.
        const ahead = input.script.some((other, at) => !done.has(at) && other.action !== 'nothing');
        await env.sleep(ahead ? Math.min(DAY_MS, endMs - now) : endMs - now);
        continue;
      }
      const dueMs = Date.parse(step.since) + (action.afterDays ?? 0) * DAY_MS;
      if (dueMs > now) {
        await env.sleep(Math.min(dueMs, endMs) - now);
        continue;
      }
      done.add(index);
      const refusal = await this.act(env, handle, view, action, {
        fiscalCode: caseInput.applicant.fiscalCode,
      });
      if (refusal) refused.push({ stepId: action.stepId, action: action.action, ...refusal });
    }
    const endedMs = await env.currentTimeMs();
    if (!isCaseConcluded(view.status)) await handle.terminate('simulation over').catch(() => undefined);
    return {
      status: view.status,
      conclusion: view.conclusion,
      finished: isCaseConcluded(view.status),
      startedAt: new Date(startedMs).toISOString(),
      endedAt: view.concludedAt ?? new Date(endedMs).toISOString(),
      timeline: view.timeline.map(({ at, kind, stepId, actor, detail }) => ({
        at,
        kind,
        stepId,
        actor,
        detail,
      })),
      clock: view.clock,
      payments: view.payments,
      refused,
    };
  }

  /** Performs one scripted action; answers why the case refused it, if it did. */
  private async act(
    env: TestWorkflowEnvironment,
    handle: WorkflowHandle,
    view: CaseView,
    action: SimulationAction,
    citizen: { fiscalCode: string },
  ): Promise<{ code: string; message: string } | undefined> {
    try {
      switch (action.action) {
        case 'submitForm':
        case 'reply':
          await handle.executeUpdate(submitCaseFormUpdate, {
            args: [{ stepId: action.stepId, data: action.data ?? {}, by: citizen }],
          });
          break;
        case 'book': {
          const offered = view.currentStep?.booking;
          const date = typeof action.data?.date === 'string' ? action.data.date : offered?.from;
          if (!date)
            return {
              code: 'DATE_OUTSIDE_WINDOW',
              message: 'The booking step offers no window: say the date.',
            };
          const start = typeof action.data?.start === 'string' ? action.data.start : '10:00';
          await handle.executeUpdate(bookSlotUpdate, {
            args: [{ stepId: action.stepId, date, start, by: citizen }],
          });
          break;
        }
        case 'pay': {
          const notice = [...view.payments].reverse().find((payment) => payment.status === 'issued');
          if (!notice) return { code: 'WRONG_STEP', message: 'No notice waits to be paid.' };
          await env.client.workflow
            .getHandle(paymentWorkflowId(notice.noticeNumber))
            .executeUpdate(applyReceiptUpdate, {
              args: [
                {
                  noticeNumber: notice.noticeNumber,
                  receiptId: `simulazione-${notice.noticeNumber}`,
                  paymentDate: new Date(await env.currentTimeMs()).toISOString(),
                  amountCents: notice.amountCents,
                },
              ],
            });
          break;
        }
        case 'approve':
        case 'reject':
        case 'requestIntegration':
        case 'preavvisoRigetto':
          await handle.executeUpdate(decideTaskUpdate, {
            args: [
              {
                stepId: action.stepId,
                outcome: action.action,
                ...(action.reason ? { reason: action.reason } : {}),
                by: OFFICE,
              },
            ],
          });
          break;
        case 'withdraw':
          await handle.executeUpdate(withdrawCaseUpdate, {
            args: [{ by: citizen, ...(action.reason ? { reason: action.reason } : {}) }],
          });
          break;
        case 'nothing':
          break;
      }
      return undefined;
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
        return { code: error.cause.type ?? 'REFUSED', message: error.cause.message };
      throw error;
    }
  }
}
