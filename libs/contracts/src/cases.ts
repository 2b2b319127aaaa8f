import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type {
  BusinessCalendar,
  CaseConclusion,
  CaseStatus,
  CivilDate,
  ConceptDefinition,
  ProcedureModel,
  ProcedureStepType,
} from '@sus/domain';

/** The generic interpreter of procedure models (DESIGN §5); the api starts it by this name. */
export const procedureWorkflowType = 'procedureWorkflow';
export type ProcedureWorkflow = (input: CaseInput) => Promise<CaseView>;

/** Business key: a retried start finds the same case, never a second one. */
export const caseWorkflowId = (enteCode: string, caseNumber: string): string =>
  `case/${enteCode}/${caseNumber}`;

export const susEnteSearchAttribute = defineSearchAttributeKey('SusEnte', SearchAttributeType.KEYWORD);
export const susProcedureSearchAttribute = defineSearchAttributeKey(
  'SusProcedure',
  SearchAttributeType.KEYWORD,
);
export const susCaseStatusSearchAttribute = defineSearchAttributeKey(
  'SusCaseStatus',
  SearchAttributeType.KEYWORD,
);

/** A value of the case data (form answers, normalised by the concept that types them). */
export type CaseValue = string | number | boolean | null;

/** Everything a case needs, frozen when it starts: later edits of models, services or concepts never reach it. */
export interface CaseInput {
  caseId: string;
  caseNumber: string;
  ente: {
    id: string;
    code: string;
    name: string;
    fiscalCode: string;
    /** National holidays plus the patron saint: the statutory clock rolls deadlines over them. */
    calendar: BusinessCalendar;
  };
  service: {
    code: string;
    name: string;
    fees: { description: string; amountCents: number }[];
    taxonomyCodes: string[];
    iban: string | null;
    appIoServiceId: string | null;
  };
  procedure: {
    code: string;
    versionId: string;
    versionNumber: number;
    model: ProcedureModel;
    /** Who holds the potere sostitutivo (art. 2 c.9-bis), shown to the citizen on expiry. */
    substitutePowerHolder: string | null;
  };
  /** The concepts the model's forms use, as published when the case started. */
  concepts: Record<string, ConceptDefinition>;
  applicant: { fiscalCode: string; fullName: string; email: string | null };
  startedAt: string;
  /** Continue-as-new carries the state here; absent on the first run. */
  resume?: CaseState;
  /** History length past which the run continues as new even before Temporal suggests it (tests). */
  maxHistoryEvents?: number;
}

export type TimelineKind =
  | 'started'
  | 'stepEntered'
  | 'formSubmitted'
  | 'taskOpened'
  | 'taskClaimed'
  | 'taskDecided'
  | 'integrationRequested'
  | 'integrationReceived'
  | 'preavvisoSent'
  | 'observationsFiled'
  | 'waitEnded'
  | 'slotHeld'
  | 'slotConfirmed'
  | 'slotReleased'
  | 'bookingLapsed'
  | 'noticeIssued'
  | 'paymentReceived'
  | 'paymentExpired'
  | 'messageSent'
  | 'clockResumed'
  | 'termExpired'
  | 'escalated'
  | 'silenceApplied'
  | 'withdrawn'
  | 'cancelled'
  | 'concluded';

export interface TimelineEntry {
  seq: number;
  at: string;
  kind: TimelineKind;
  stepId: string | null;
  /** `citizen:<fiscal code>`, `staff:<ref>`, `system`. */
  actor: string;
  detail: Record<string, CaseValue>;
}

export interface CaseStepView {
  id: string;
  type: ProcedureStepType;
  title: string;
  /** How many times the case has entered this step (a loop back makes a new visit). */
  visit: number;
  since: string;
  /** What the step waits for now, when anything. */
  awaiting:
    'citizenForm' | 'citizenBooking' | 'payment' | 'staff' | 'integration' | 'observations' | 'timer' | null;
  /** A booking step: the resource and the dates it offers and accepts (both included). */
  booking?: { resourceCode: string; from: CivilDate | null; to: CivilDate | null };
}

export interface CaseBooking {
  stepId: string;
  resourceCode: string;
  resourceName: string;
  date: CivilDate;
  start: string;
  end: string;
  status: 'held' | 'confirmed' | 'released';
}

export interface CasePayment {
  stepId: string;
  noticeNumber: string;
  amountCents: number;
  dueDate: CivilDate;
  status: 'issued' | 'paid' | 'expired' | 'cancelled' | 'failed';
}

export interface CaseTask {
  stepId: string;
  visit: number;
  title: string;
  unit: string | null;
  role: string | null;
  claimedBy: string | null;
}

/** The statutory clock as the citizen and staff read it. */
export interface CaseClockView {
  state: 'notStarted' | 'running' | 'suspended' | 'expired' | 'closed';
  receivedOn: CivilDate | null;
  deadline: CivilDate | null;
  c7Used: boolean;
  escalatedTo: string | null;
}

/** What the `caseStatus` query answers and what the projection stores. */
export interface CaseView {
  caseNumber: string;
  enteCode: string;
  procedureCode: string;
  versionNumber: number;
  status: CaseStatus;
  conclusion: CaseConclusion | null;
  currentStep: CaseStepView | null;
  openTask: CaseTask | null;
  booking: CaseBooking | null;
  payments: CasePayment[];
  clock: CaseClockView;
  /** When the application was received (the first form submitted): the term counts from it. */
  receivedAt: string | null;
  concludedAt: string | null;
  timeline: TimelineEntry[];
  /** Grows with every change: the projection applies a view only over an older one. */
  revision: number;
}

/** The full state continue-as-new carries (the view plus the interpreter's own bookkeeping). */
export interface CaseState {
  view: CaseView;
  data: Record<string, CaseValue>;
  visits: Record<string, number>;
  /** The civil day each step last ended, the anchor of booking windows. */
  stepEndedOn: Record<string, CivilDate>;
  /** The statutory clock's append-only event log (libs/domain ClockEvent). */
  clockLog: unknown[];
  /** Where to resume (the step to enter next). */
  nextStepId: string | null;
}

export interface CitizenRef {
  fiscalCode: string;
}

export interface StaffRef {
  /** The audit reference of the person (accountReference). */
  ref: string;
  /** Org unit codes the person belongs to in the ente. */
  units: string[];
  /** Roles the person holds in the ente. */
  roles: string[];
  /**
   * May work any task of the ente whatever its unit and role: the ente's administrator, and the
   * ente's back-office software through a key with cases:write.
   */
  anyTask?: boolean;
}

export interface SubmitFormRequest {
  stepId: string;
  data: Record<string, unknown>;
  by: CitizenRef;
}

export interface BookSlotRequest {
  stepId: string;
  date: CivilDate;
  start: string;
  by: CitizenRef;
}

export type TaskOutcome = 'approve' | 'reject' | 'requestIntegration' | 'preavvisoRigetto';

export interface DecideTaskRequest {
  stepId: string;
  outcome: TaskOutcome;
  /** Shown to the citizen: required for anything but approve. */
  reason?: string;
  by: StaffRef;
}

export interface ClaimTaskRequest {
  stepId: string;
  by: StaffRef;
}

export interface WithdrawRequest {
  by: CitizenRef;
  reason?: string;
}

export interface CancelRequest {
  by: StaffRef;
  reason: string;
}

/** Why the case's workflow refused an Update (the ApplicationFailure type; nothing was written). */
export const CASE_REFUSAL_CODES = [
  'NOT_YOUR_CASE',
  'CASE_CONCLUDED',
  'WRONG_STEP',
  'INVALID_FORM',
  'DATE_OUTSIDE_WINDOW',
  'TASK_NOT_ASSIGNED_TO_YOU',
  'TASK_ALREADY_CLAIMED',
  'REASON_REQUIRED',
  'INTEGRATION_NOT_ALLOWED',
  'INTEGRATION_ALREADY_USED',
  'PREAVVISO_ALREADY_SENT',
  'PREAVVISO_REQUIRED',
  'SLOT_TAKEN',
  'SLOT_NOT_OFFERED',
  'BOOKING_NOT_HELD',
] as const;
export type CaseRefusalCode = (typeof CASE_REFUSAL_CODES)[number];

export const caseStatusQuery = defineQuery<CaseView>('caseStatus');
/**
 * Answers the case once it waits for someone or something (or has concluded): sent with the start
 * (update-with-start), so startCase answers with the form the case asks for without polling.
 */
export const caseSettledUpdate = defineUpdate<CaseView, []>('caseSettled');
/** The citizen fills the form step the case waits on (or supplies the information staff asked for). */
export const submitCaseFormUpdate = defineUpdate<CaseView, [SubmitFormRequest]>('submitCaseForm');
export const bookSlotUpdate = defineUpdate<CaseView, [BookSlotRequest]>('bookSlot');
export const claimTaskUpdate = defineUpdate<CaseView, [ClaimTaskRequest]>('claimTask');
export const decideTaskUpdate = defineUpdate<CaseView, [DecideTaskRequest]>('decideTask');
export const withdrawCaseUpdate = defineUpdate<CaseView, [WithdrawRequest]>('withdrawCase');
export const cancelCaseUpdate = defineUpdate<CaseView, [CancelRequest]>('cancelCase');
