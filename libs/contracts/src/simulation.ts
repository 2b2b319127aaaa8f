import type { CaseConclusion, CaseStatus } from '@sus/domain';
import type { CaseClockView, CaseInput, CasePayment, CaseValue, TimelineKind } from './cases';

/**
 * The process modeller's simulation (issue 13): a draft's model run through the real
 * procedureWorkflow on a time-skipping test server of the worker's own, with scripted citizen and
 * staff inputs, so a modeller sees weeks of a procedure in seconds. Nothing it does reaches the
 * ente's data, pagoPA or App IO.
 */
export const simulateProcedureWorkflowType = 'simulateProcedureWorkflow';
export type SimulateProcedureWorkflow = (input: SimulationInput) => Promise<SimulationResult>;

/** At most this many simulations of one ente run at once: one workflow id per slot. */
export const SIMULATIONS_PER_ENTE = 2;
export const simulationWorkflowId = (enteCode: string | null, slot: number): string =>
  `simulation/${enteCode ?? 'region'}/${slot}`;

export const SIMULATION_ACTIONS = [
  'submitForm',
  'book',
  'pay',
  'approve',
  'reject',
  'requestIntegration',
  'preavvisoRigetto',
  'reply',
  'withdraw',
  'nothing',
] as const;
export type SimulationActionKind = (typeof SIMULATION_ACTIONS)[number];

/**
 * What the citizen or the office does when the case waits on `stepId` (its `visit`-th time, default
 * any), `afterDays` days after the step began (default 0). A step with no action, or `nothing`,
 * is left alone: the case's own timers (terms, holds, due dates) decide what happens.
 */
export interface SimulationAction {
  stepId: string;
  visit?: number;
  action: SimulationActionKind;
  afterDays?: number;
  /** Form answers (submitForm, reply), or `{ date, start }` for a booking (default: the first day offered, 10:00). */
  data?: Record<string, unknown>;
  /** Shown to the citizen: required by the case for anything but approve. */
  reason?: string;
}

export interface SimulationInput {
  /** The case as the api would start it, with the draft's model as its snapshot. */
  case: CaseInput;
  script: SimulationAction[];
  /** When the simulated case starts (simulated time). */
  startAt: string;
  /** The simulation stops this many simulated days after the start, concluded or not. */
  maxDays: number;
}

export interface SimulationEntry {
  /** Simulated time. */
  at: string;
  kind: TimelineKind;
  stepId: string | null;
  actor: string;
  detail: Record<string, CaseValue>;
}

export interface SimulationResult {
  status: CaseStatus;
  conclusion: CaseConclusion | null;
  /** False when maxDays passed before the case concluded (it waits for something nobody scripted). */
  finished: boolean;
  startedAt: string;
  /** Simulated time when the simulation stopped. */
  endedAt: string;
  timeline: SimulationEntry[];
  clock: CaseClockView;
  payments: CasePayment[];
  /** Scripted actions the case refused (wrong step, invalid form…), with the reason. */
  refused: { stepId: string; action: SimulationActionKind; code: string; message: string }[];
  /** Real time the run took on the worker. */
  elapsedMs: number;
}
