import { buildNoticeNumber } from '@sus/domain';
import { DebtPositionStore, GpdError, NoticeFault } from './debt-position-store';
import type { PaymentPositionInput } from './debt-position.schemas';

const ENTE = '01199250158';
const DAY = 86_400_000;

function notice(sequence: number) {
  return buildNoticeNumber({
    auxDigit: 3,
    segregationCode: '01',
    iuvBase: `2026${String(sequence).padStart(9, '0')}`,
  });
}

function position(
  iupd: string,
  options: { iuv: string; amount: number; partial?: boolean; dueMs?: number }[],
): PaymentPositionInput {
  return {
    iupd,
    type: 'F',
    fiscalCode: 'RSSMRA85T10A562S',
    fullName: 'Mario Rossi',
    companyName: 'Comune di Prova',
    switchToExpired: true,
    paymentOption: options.map((option) => ({
      iuv: option.iuv,
      amount: option.amount,
      description: 'TARI 2026',
      isPartialPayment: option.partial ?? false,
      dueDate: new Date(option.dueMs ?? Date.UTC(2026, 11, 31)).toISOString(),
      transfer: [
        {
          idTransfer: '1',
          amount: option.amount,
          remittanceInformation: 'TARI',
          category: '9/0101101IM/',
          iban: 'IT60X0542811101000000123456',
        },
      ],
    })),
  };
}

const payment = (at: Date) => ({ paymentDate: at, paymentMethod: 'PO', pspCompany: 'PSP', idReceipt: 'r1' });

describe(DebtPositionStore.name, () => {
  let now: Date;
  let sut: DebtPositionStore;
  beforeEach(() => {
    now = new Date(Date.UTC(2026, 10, 25, 10));
    sut = new DebtPositionStore(() => now);
  });

  it('walks DRAFT → VALID → PAID → REPORTED for a single notice', () => {
    const { iuv, noticeNumber } = notice(1);
    expect(sut.create(ENTE, position('A', [{ iuv, amount: 100 }]), false, {}).status).toBe('DRAFT');
    expect(sut.publish(ENTE, 'A').status).toBe('VALID');
    expect(sut.markPaid(ENTE, noticeNumber, payment(now)).status).toBe('PAID');
    sut.markReported(ENTE, iuv, '1', 'flow-1');
    const reported = sut.get(ENTE, 'A');
    expect(reported.status).toBe('REPORTED');
    expect(reported.paymentOption[0]).toMatchObject({ status: 'PO_REPORTED', idFlowReporting: 'flow-1' });
  });

  it('becomes VALID only when the validity date comes', () => {
    const { iuv } = notice(2);
    const input = {
      ...position('B', [{ iuv, amount: 100 }]),
      validityDate: new Date(now.getTime() + DAY).toISOString(),
    };
    expect(sut.create(ENTE, input, true, {}).status).toBe('PUBLISHED');
    now = new Date(now.getTime() + 2 * DAY);
    expect(sut.get(ENTE, 'B').status).toBe('VALID');
  });

  it('pays an instalment plan partially, then fully, and refuses the single payment once an instalment is paid', () => {
    const single = notice(10);
    const first = notice(11);
    const second = notice(12);
    sut.create(
      ENTE,
      position('TARI', [
        { iuv: single.iuv, amount: 300 },
        { iuv: first.iuv, amount: 150, partial: true },
        { iuv: second.iuv, amount: 150, partial: true },
      ]),
      true,
      {},
    );
    expect(sut.markPaid(ENTE, first.noticeNumber, payment(now)).status).toBe('PARTIALLY_PAID');
    expect(() => sut.checkPayable(ENTE, single.noticeNumber)).toThrow(
      expect.objectContaining({ faultCode: 'PAA_PAGAMENTO_DUPLICATO' }),
    );
    expect(() => sut.checkPayable(ENTE, first.noticeNumber)).toThrow(
      expect.objectContaining({ faultCode: 'PAA_PAGAMENTO_DUPLICATO' }),
    );
    expect(sut.markPaid(ENTE, second.noticeNumber, payment(now)).status).toBe('PAID');
  });

  it('maps statuses to the node faults: unknown, draft, expired, invalid', () => {
    const draft = notice(20);
    const expiring = notice(21);
    const cancelled = notice(22);
    sut.create(ENTE, position('D', [{ iuv: draft.iuv, amount: 100 }]), false, {});
    sut.create(
      ENTE,
      position('E', [{ iuv: expiring.iuv, amount: 100, dueMs: now.getTime() + DAY }]),
      true,
      {},
    );
    sut.create(ENTE, position('I', [{ iuv: cancelled.iuv, amount: 100 }]), true, {});
    sut.invalidate(ENTE, 'I');
    now = new Date(now.getTime() + 2 * DAY);
    const fault = (nav: string) => {
      try {
        sut.checkPayable(ENTE, nav);
      } catch (error) {
        return (error as NoticeFault).faultCode;
      }
      return 'payable';
    };
    expect(fault(notice(99).noticeNumber)).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    expect(fault(draft.noticeNumber)).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    expect(fault(expiring.noticeNumber)).toBe('PAA_PAGAMENTO_SCADUTO');
    expect(fault(cancelled.noticeNumber)).toBe('PAA_PAGAMENTO_ANNULLATO');
  });

  it('refuses updates and deletion once money came in, and invalidation of a draft', () => {
    const { iuv, noticeNumber } = notice(30);
    sut.create(ENTE, position('P', [{ iuv, amount: 100 }]), false, {});
    expect(() => sut.invalidate(ENTE, 'P')).toThrow(expect.objectContaining({ status: 409 }));
    sut.publish(ENTE, 'P');
    sut.markPaid(ENTE, noticeNumber, payment(now));
    expect(() => sut.update(ENTE, 'P', position('P', [{ iuv, amount: 200 }]), false, {})).toThrow(GpdError);
    expect(() => sut.delete(ENTE, 'P')).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('checks IBANs against the ones registered for the ente when it has a list', () => {
    expect(() =>
      sut.create(ENTE, position('R', [{ iuv: notice(40).iuv, amount: 100 }]), false, {
        registeredIbans: ['IT02L1234512345123456789012'],
      }),
    ).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('not registered') }));
  });
});
