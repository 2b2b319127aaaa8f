import { defineStateMachine, TransitionTable } from '../state-machine';

/**
 * Lifecycle of a debt position (one notice, or an instalment plan of several).
 * draft → issued (IUV and notice number allocated, position created at the intermediary)
 * → published (payable) → partiallyPaid (some instalments) → paid | expired | cancelled;
 * a paid position is then reported (every receipt found in a settlement flow) and
 * reconciled (the treasurer's cash journal shows the money).
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
] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

export const PAYMENT_TRANSITIONS: TransitionTable<PaymentStatus, PaymentEvent> = Object.freeze({
  draft: { issue: 'issued', cancel: 'cancelled' },
  issued: { publish: 'published', cancel: 'cancelled' },
  published: {
    receivePartialPayment: 'partiallyPaid',
    receivePayment: 'paid',
    expire: 'expired',
    cancel: 'cancelled',
  },
  // Once money has come in, the position can no longer be cancelled (GPD: not invalidable).
  partiallyPaid: { receivePartialPayment: 'partiallyPaid', receivePayment: 'paid', expire: 'expired' },
  // A receipt is a fact: a payment activated just before expiry is still recorded.
  expired: { receivePartialPayment: 'partiallyPaid', receivePayment: 'paid' },
  paid: { reportSettlement: 'reported' },
  reported: { matchCashJournal: 'reconciled' },
  cancelled: {},
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
