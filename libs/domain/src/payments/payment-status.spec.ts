import fc from 'fast-check';
import {
  CANCELLABLE_PAYMENT_STATUSES,
  canCancelPayment,
  isPayableStatus,
  isPaymentAnomaly,
  lateReceiptTransition,
  PAYMENT_EVENTS,
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  PaymentEvent,
  PaymentStatus,
  paymentStatusMachine,
  paymentTransition,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('paymentTransition', () => {
  it('walks a single notice from draft to reconciled', () => {
    const path: PaymentEvent[] = [
      'issue',
      'publish',
      'receivePayment',
      'reportSettlement',
      'matchCashJournal',
    ];
    expect(path.reduce<PaymentStatus>(paymentTransition, 'draft')).toBe('reconciled');
  });

  it('walks an instalment plan through partial payments', () => {
    const path: PaymentEvent[] = [
      'issue',
      'publish',
      'receivePartialPayment',
      'receivePartialPayment',
      'receivePayment',
    ];
    expect(path.reduce<PaymentStatus>(paymentTransition, 'draft')).toBe('paid');
  });

  it('records a receipt that arrives after expiry', () => {
    expect(paymentTransition('expired', 'receivePayment')).toBe('paid');
  });

  it.each([
    ['expired', 'paidAfterExpiry'],
    ['cancelled', 'paidAfterCancellation'],
    ['failed', 'paidAfterFailure'],
    ['paidAfterExpiry', 'paidAfterExpiry'],
  ] as const)('records money reaching a %s position as the anomaly %s', (status, anomaly) => {
    expect(lateReceiptTransition(status)).toBe(anomaly);
    expect(isPaymentAnomaly(anomaly)).toBe(true);
  });

  it('lets staff cancel only what nobody has paid and nothing has closed', () => {
    expect(PAYMENT_STATUSES.filter(canCancelPayment)).toEqual(['draft', 'issued', 'published']);
  });

  it.each([
    ['publish a draft before it is issued', 'draft', 'publish'],
    ['pay a draft', 'draft', 'receivePayment'],
    ['cancel once money came in', 'partiallyPaid', 'cancel'],
    ['cancel a paid position', 'paid', 'cancel'],
    ['pay twice', 'paid', 'receivePayment'],
    ['reconcile before the settlement flow', 'paid', 'matchCashJournal'],
    ['revive a cancelled position', 'cancelled', 'receivePayment'],
    ['expire a paid position', 'paid', 'expire'],
  ] as const)('refuses to %s', (_, status, event) => {
    expect(() => paymentTransition(status, event)).toThrow(withCode('ILLEGAL_TRANSITION'));
  });

  it('has one final state, reconciled: money can reach any other position', () => {
    expect(PAYMENT_STATUSES.filter((s) => paymentStatusMachine.isTerminal(s))).toEqual(['reconciled']);
  });

  it('can reach every status from draft', () => {
    const reached = new Set<PaymentStatus>(['draft']);
    for (let grew = true; grew;) {
      grew = false;
      for (const status of [...reached]) {
        for (const target of Object.values(PAYMENT_TRANSITIONS[status])) {
          if (!reached.has(target)) {
            reached.add(target);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...PAYMENT_STATUSES].sort());
  });

  it('never refuses money: every reachable position not yet fully paid accepts a receipt somehow', () => {
    const fullyPaid: PaymentStatus[] = ['paid', 'reported', 'reconciled'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PAYMENT_EVENTS), { maxLength: 20 }), (events) => {
        let status: PaymentStatus = 'published';
        for (const event of events) {
          if (PAYMENT_TRANSITIONS[status][event] !== undefined) status = paymentTransition(status, event);
        }
        if (fullyPaid.includes(status)) return;
        const accepts = (['receivePayment', 'receivePartialPayment', 'receiveLatePayment'] as const).some(
          (event) => PAYMENT_TRANSITIONS[status][event] !== undefined,
        );
        expect(accepts).toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });

  it('is payable only when published or partially paid', () => {
    expect(PAYMENT_STATUSES.filter(isPayableStatus)).toEqual(['published', 'partiallyPaid']);
  });

  it('is cancellable exactly where the table accepts cancel: before any money came in', () => {
    expect(CANCELLABLE_PAYMENT_STATUSES).toEqual(['draft', 'issued', 'published']);
    for (const status of PAYMENT_STATUSES) {
      expect(canCancelPayment(status)).toBe(PAYMENT_TRANSITIONS[status].cancel !== undefined);
    }
    expect(canCancelPayment('unknown')).toBe(false);
  });

  it('never reaches an undeclared status, and refuses exactly the undeclared transitions', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PAYMENT_EVENTS), { maxLength: 30 }), (events) => {
        let status: PaymentStatus = 'draft';
        for (const event of events) {
          const declared = PAYMENT_TRANSITIONS[status][event];
          if (declared === undefined) {
            expect(() => paymentTransition(status, event)).toThrow(withCode('ILLEGAL_TRANSITION'));
          } else {
            status = paymentTransition(status, event);
            expect(status).toBe(declared);
            expect(PAYMENT_STATUSES).toContain(status);
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });
});
