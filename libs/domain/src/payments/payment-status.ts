import { defineStateMachine, TransitionTable } from '../state-machine';

/**
 * Lifecycle of a debt position (one notice, or an instalment plan of several).
 * draft → issued (IUV and notice number allocated, position created at the intermediary)
 * → published (payable) → partiallyPaid (some instalments) → paid | expired | cancelled;
 * a paid position is then reported (every receipt found in a settlement flow) and
 * reconciled (the treasurer's cash journal shows the money).
 *
 * Money is a fact that no state refuses: a receipt that reaches a position already closed as
 * expired, cancelled or failed is recorded as an anomaly (paidAfterExpiry, paidAfterCancellation,
 * paidAfterFailure) for staff to settle, never dropped. A business failure (the intermediary
 * refuses the position, a receipt contradicts the notice) is the recorded state failed.
 */
export const PAYMENT_STATUSES = [
  'draft',
  'issued',
  'published',
  'partiallyPaid',
  'paid',
  'expired',
  'cancelled',
  'reported',
  'reconciled',
  'failed',
  'paidAfterExpiry',
  'paidAfterCancellation',
  'paidAfterFailure',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_EVENTS = [
  'issue',
  'publish',
  'receivePartialPayment',
  'receivePayment',
  'expire',
  'cancel',
  'reportSettlement',
  'matchCashJournal',
  'fail',
  'receiveLatePayment',
] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

export const PAYMENT_TRANSITIONS: TransitionTable<PaymentStatus, PaymentEvent> = Object.freeze({
  draft: { issue: 'issued', cancel: 'cancelled', fail: 'failed' },
  issued: { publish: 'published', cancel: 'cancelled', fail: 'failed' },
  published: {
    receivePartialPayment: 'partiallyPaid',
    receivePayment: 'paid',
    expire: 'expired',
    cancel: 'cancelled',
    fail: 'failed',
  },
  // Once money has come in, the position can no longer be cancelled (GPD: not invalidable).
  partiallyPaid: {
    receivePartialPayment: 'partiallyPaid',
    receivePayment: 'paid',
    expire: 'expired',
    fail: 'failed',
  },
  // A receipt is a fact: a payment activated just before expiry is still recorded; one that
  // arrives after the late window closed is an anomaly for staff.
  expired: {
    receivePartialPayment: 'partiallyPaid',
    receivePayment: 'paid',
    receiveLatePayment: 'paidAfterExpiry',
  },
  paid: { reportSettlement: 'reported' },
  reported: { matchCashJournal: 'reconciled' },
  cancelled: { receiveLatePayment: 'paidAfterCancellation' },
  failed: { receiveLatePayment: 'paidAfterFailure' },
  // Anomalies: more money may still arrive (another instalment); staff settle them outside SUS.
  paidAfterExpiry: { receiveLatePayment: 'paidAfterExpiry' },
  paidAfterCancellation: { receiveLatePayment: 'paidAfterCancellation' },
  paidAfterFailure: { receiveLatePayment: 'paidAfterFailure' },
  reconciled: {},
});

export const paymentStatusMachine = defineStateMachine({
  name: 'payment',
  states: PAYMENT_STATUSES,
  events: PAYMENT_EVENTS,
  transitions: PAYMENT_TRANSITIONS,
});

export function paymentTransition(status: PaymentStatus, event: PaymentEvent): PaymentStatus {
  return paymentStatusMachine.transition(status, event);
}

/** States in which a PSP may collect the payment (GPD: VALID, PARTIALLY_PAID). */
export function isPayableStatus(status: PaymentStatus): boolean {
  return status === 'published' || status === 'partiallyPaid';
}

/**
 * Whether the ente may still cancel the position: exactly the states where the machine accepts
 * 'cancel' (before any money came in). Takes a plain string too: statuses arrive from the
 * database as text, and an unknown one is not cancellable.
 */
export function canCancelPayment(status: string): boolean {
  return paymentStatusMachine.canTransition(status as PaymentStatus, 'cancel');
}

/** The states from which a position may be cancelled, derived from the transition table. */
export const CANCELLABLE_PAYMENT_STATUSES: readonly PaymentStatus[] = Object.freeze(
  PAYMENT_STATUSES.filter(canCancelPayment),
);
/** Money reached a position SUS had already closed: staff must settle it (refund or accept). */
export function isPaymentAnomaly(status: PaymentStatus): boolean {
  return (
    status === 'failed' ||
    status === 'paidAfterExpiry' ||
    status === 'paidAfterCancellation' ||
    status === 'paidAfterFailure'
  );
}

/** The state a late receipt moves a closed position to (money is never refused). */
export function lateReceiptTransition(status: PaymentStatus): PaymentStatus {
  return paymentTransition(status, 'receiveLatePayment');
}
