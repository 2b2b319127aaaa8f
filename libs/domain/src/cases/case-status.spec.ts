import fc from 'fast-check';
import {
  CASE_CONCLUSIONS,
  CASE_EVENTS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  CaseEvent,
  CaseStatus,
  caseStatusMachine,
  caseTransition,
  isCaseConcluded,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('caseTransition', () => {
  it('walks a marriage case: form, payment, staff approval', () => {
    const path: CaseEvent[] = [
      'startProcessing',
      'awaitPayment',
      'paymentReceived',
      'awaitStaff',
      'staffTaskCompleted',
      'accept',
    ];
    expect(path.reduce<CaseStatus>(caseTransition, 'submitted')).toBe('accepted');
  });

  it('suspends for an integration request and resumes', () => {
    const path: CaseEvent[] = ['startProcessing', 'awaitStaff', 'suspend', 'resume', 'reject'];
    expect(path.reduce<CaseStatus>(caseTransition, 'submitted')).toBe('rejected');
  });

  it('lets the citizen withdraw at any point before the conclusion', () => {
    for (const status of CASE_STATUSES.filter((s) => !isCaseConcluded(s))) {
      expect(caseTransition(status, 'withdraw')).toBe('withdrawn');
    }
  });

  it.each([
    ['accept an application nobody has examined', 'submitted', 'accept'],
    ['resume a case that is not suspended', 'waitingCitizen', 'resume'],
    ['take a payment the case is not waiting for', 'waitingStaff', 'paymentReceived'],
    ['suspend twice', 'suspended', 'suspend'],
    ['reopen a concluded case', 'accepted', 'startProcessing'],
    ['withdraw a rejected case', 'rejected', 'withdraw'],
  ] as const)('refuses to %s', (_, status, event) => {
    expect(() => caseTransition(status, event)).toThrow(withCode('ILLEGAL_TRANSITION'));
  });

  it('makes exactly the conclusions final', () => {
    expect(CASE_STATUSES.filter((s) => caseStatusMachine.isTerminal(s))).toEqual([...CASE_CONCLUSIONS]);
    expect(CASE_STATUSES.filter(isCaseConcluded)).toEqual([...CASE_CONCLUSIONS]);
  });

  it('can reach every status from submitted', () => {
    const reached = new Set<CaseStatus>(['submitted']);
    for (let grew = true; grew;) {
      grew = false;
      for (const status of [...reached]) {
        for (const target of Object.values(CASE_TRANSITIONS[status])) {
          if (!reached.has(target)) {
            reached.add(target);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...CASE_STATUSES].sort());
  });

  it('never reaches an undeclared status, and refuses exactly the undeclared transitions', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CASE_EVENTS), { maxLength: 30 }), (events) => {
        let status: CaseStatus = 'submitted';
        for (const event of events) {
          const declared = CASE_TRANSITIONS[status][event];
          if (declared === undefined) {
            expect(() => caseTransition(status, event)).toThrow(withCode('ILLEGAL_TRANSITION'));
          } else {
            status = caseTransition(status, event);
            expect(status).toBe(declared);
            expect(CASE_STATUSES).toContain(status);
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });
});
