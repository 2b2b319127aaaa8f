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
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The four ways a case is concluded. */
export const CASE_CONCLUSIONS = ['accepted', 'rejected', 'withdrawn', 'expired'] as const;
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
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

export const CASE_TRANSITIONS: TransitionTable<CaseStatus, CaseEvent> = Object.freeze({
  submitted: { startProcessing: 'inProgress', withdraw: 'withdrawn' },
  inProgress: {
    awaitCitizen: 'waitingCitizen',
    awaitPayment: 'waitingPayment',
    awaitStaff: 'waitingStaff',
    suspend: 'suspended',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
  },
  waitingCitizen: { citizenResponded: 'inProgress', withdraw: 'withdrawn', expire: 'expired' },
  waitingPayment: { paymentReceived: 'inProgress', withdraw: 'withdrawn', expire: 'expired' },
  // A staff decision may conclude the case directly or ask the citizen for more documents.
  waitingStaff: {
    staffTaskCompleted: 'inProgress',
    suspend: 'suspended',
    accept: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
  },
  suspended: { resume: 'inProgress', withdraw: 'withdrawn', expire: 'expired' },
  accepted: {},
  rejected: {},
  withdrawn: {},
  expired: {},
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
