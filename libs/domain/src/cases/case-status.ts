import { defineStateMachine, TransitionTable } from '../state-machine';

/**
 * Status of a case (pratica). The current step of the procedure is workflow data, not a
 * status: every step runs in `inProgress` or in one of the waiting states it leads to.
 * `suspended` is the statutory clock stopped for an integration request (L. 241/1990 art. 2
 * c.7) or a preavviso di rigetto (art. 10-bis); `waitingCitizen` keeps the clock running.
 */
export const CASE_STATUSES = [
  'submitted',
  'inProgress',
  'waitingCitizen',
  'waitingPayment',
  'waitingStaff',
  'suspended',
  'accepted',
  'rejected',
  'withdrawn',
  'expired',
  'cancelled',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The ways a case is concluded: `cancelled` is staff closing it (a duplicate, an error), never a decision. */
export const CASE_CONCLUSIONS = ['accepted', 'rejected', 'withdrawn', 'expired', 'cancelled'] as const;
export type CaseConclusion = (typeof CASE_CONCLUSIONS)[number];

export const CASE_EVENTS = [
  'startProcessing',
  'awaitCitizen',
  'citizenResponded',
  'awaitPayment',
  'paymentReceived',
  'awaitStaff',
  'staffTaskCompleted',
  'suspend',
  'resume',
  'accept',
  'reject',
  'withdraw',
  'expire',
  'cancel',
  // A citizen or payment wait ended by its timer (a lapsed booking, an expired notice): the
  // model decides where the case goes next.
  'timedOut',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

export const CASE_TRANSITIONS: TransitionTable<CaseStatus, CaseEvent> = Object.freeze({
  submitted: { startProcessing: 'inProgress', withdraw: 'withdrawn', cancel: 'cancelled' },
  inProgress: {
    awaitCitizen: 'waitingCitizen',
    awaitPayment: 'waitingPayment',
    awaitStaff: 'waitingStaff',
    suspend: 'suspended',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
    cancel: 'cancelled',
  },
  waitingCitizen: {
    citizenResponded: 'inProgress',
    timedOut: 'inProgress',
    suspend: 'suspended',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
    cancel: 'cancelled',
  },
  waitingPayment: {
    paymentReceived: 'inProgress',
    timedOut: 'inProgress',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
    cancel: 'cancelled',
  },
  // A staff decision may conclude the case directly or ask the citizen for more documents.
  waitingStaff: {
    staffTaskCompleted: 'inProgress',
    suspend: 'suspended',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
    cancel: 'cancelled',
  },
  suspended: {
    resume: 'inProgress',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
    cancel: 'cancelled',
  },
  accepted: {},
  rejected: {},
  withdrawn: {},
  expired: {},
  cancelled: {},
});

export const caseStatusMachine = defineStateMachine({
  name: 'case',
  states: CASE_STATUSES,
  events: CASE_EVENTS,
  transitions: CASE_TRANSITIONS,
});

export function caseTransition(status: CaseStatus, event: CaseEvent): CaseStatus {
  return caseStatusMachine.transition(status, event);
}

export function isCaseConcluded(status: CaseStatus): status is CaseConclusion {
  return (CASE_CONCLUSIONS as readonly string[]).includes(status);
}
