import fc from 'fast-check';
import {
  RECONCILIATION_EVENTS,
  RECONCILIATION_STATUSES,
  RECONCILIATION_TRANSITIONS,
  ReconciliationStatus,
  reconciliationTransition,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('reconciliationTransition', () => {
  it('goes received → reported → reconciled', () => {
    expect(
      reconciliationTransition(reconciliationTransition('received', 'reportSettlement'), 'matchCashJournal'),
    ).toBe('reconciled');
  });

  it.each([
    ['received', 'matchCashJournal'],
    ['reported', 'reportSettlement'],
    ['reconciled', 'matchCashJournal'],
  ] as const)('refuses %s + %s', (status, event) => {
    expect(() => reconciliationTransition(status, event)).toThrow(withCode('ILLEGAL_TRANSITION'));
  });

  it('never reaches an undeclared status', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RECONCILIATION_EVENTS), { maxLength: 10 }), (events) => {
        let status: ReconciliationStatus = 'received';
        for (const event of events) {
          const declared = RECONCILIATION_TRANSITIONS[status][event];
          if (declared === undefined) {
            expect(() => reconciliationTransition(status, event)).toThrow(withCode('ILLEGAL_TRANSITION'));
          } else {
            status = reconciliationTransition(status, event);
            expect(RECONCILIATION_STATUSES).toContain(status);
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });
});
