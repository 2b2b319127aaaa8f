import { defineStateMachine, TransitionTable } from '../state-machine';

/**
 * Three-way reconciliation of one receipt (RT): received from the PSP → reported (its line
 * found in the PSP's settlement flow, FdR) → reconciled (the flow's transfer found in the
 * treasurer's cash journal).
 */
export const RECONCILIATION_STATUSES = ['received', 'reported', 'reconciled'] as const;
export type ReconciliationStatus = (typeof RECONCILIATION_STATUSES)[number];

export const RECONCILIATION_EVENTS = ['reportSettlement', 'matchCashJournal'] as const;
export type ReconciliationEvent = (typeof RECONCILIATION_EVENTS)[number];

export const RECONCILIATION_TRANSITIONS: TransitionTable<ReconciliationStatus, ReconciliationEvent> =
  Object.freeze({
    received: { reportSettlement: 'reported' },
    reported: { matchCashJournal: 'reconciled' },
    reconciled: {},
  });

export const reconciliationMachine = defineStateMachine({
  name: 'receipt reconciliation',
  states: RECONCILIATION_STATUSES,
  events: RECONCILIATION_EVENTS,
  transitions: RECONCILIATION_TRANSITIONS,
});

export function reconciliationTransition(
  status: ReconciliationStatus,
  event: ReconciliationEvent,
): ReconciliationStatus {
  return reconciliationMachine.transition(status, event);
}
