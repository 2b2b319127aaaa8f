import type { Receipt } from '../receipts/receipt';
import { PSPS } from '../psp/psps';
import { buildSettlementFlows, italianDay } from './settlement-flows';

const ENTE = '01199250158';
const OTHER = '86334519757';

function receipt(
  iuv: string,
  paidAt: string,
  psp: keyof typeof PSPS,
  transfers: [string, number][],
): Receipt {
  return {
    receiptId: `r-${iuv}`,
    noticeNumber: `3${iuv}`,
    fiscalCode: ENTE,
    outcome: 'OK',
    creditorReferenceId: iuv,
    paymentAmount: transfers.reduce((sum, [, cents]) => sum + cents, 0),
    description: 'x',
    companyName: 'Comune',
    debtor: {
      entityUniqueIdentifierType: 'F',
      entityUniqueIdentifierValue: 'RSSMRA85T10A562S',
      fullName: 'Mario Rossi',
    },
    idPSP: PSPS[psp].idPSP,
    pspFiscalCode: PSPS[psp].pspFiscalCode,
    pspCompanyName: PSPS[psp].pspCompanyName,
    idChannel: PSPS[psp].idChannel,
    channelDescription: '',
    paymentMethod: PSPS[psp].paymentMethod,
    fee: 0,
    iur: `IUR${iuv}`,
    paymentDateTime: paidAt,
    applicationDate: paidAt.slice(0, 10),
    transferDate: paidAt.slice(0, 10),
    transferList: transfers.map(([fiscalCodePA, cents], i) => ({
      idTransfer: i + 1,
      transferAmount: cents,
      fiscalCodePA,
      remittanceInformation: 'x',
      transferCategory: '9/0101101IM/',
    })),
    iupd: `P-${iuv}`,
    isPartialPayment: false,
  };
}

describe(buildSettlementFlows.name, () => {
  const options = {
    now: new Date('2026-11-27T09:00:00Z'),
    upToDay: '2026-11-26',
    firstSequence: 7,
    organizationName: (fiscalCode: string) => `Ente ${fiscalCode}`,
  };

  it('makes one flow per ente, PSP and Italian day, with totals that add up', () => {
    const flows = buildSettlementFlows(
      [
        receipt('01000000000000001', '2026-11-25T10:00:00Z', 'TABACCHERIA', [[ENTE, 5100]]),
        receipt('01000000000000002', '2026-11-25T11:00:00Z', 'TABACCHERIA', [[ENTE, 49]]),
        receipt('01000000000000003', '2026-11-25T12:00:00Z', 'HOMEBANKING', [[ENTE, 1000]]),
        // 23:30 UTC on the 25th is already the 26th in Rome.
        receipt('01000000000000004', '2026-11-25T23:30:00Z', 'TABACCHERIA', [[ENTE, 200]]),
      ],
      options,
    );
    expect(
      flows.map((flow) => [flow.paymentDay, flow.sender.pspId, flow.totPayments, flow.sumPayments]),
    ).toEqual([
      ['2026-11-25', 'SNDBXHB1XXX', 1, 10],
      ['2026-11-25', 'SNDBXTB1XXX', 2, 51.49],
      ['2026-11-26', 'SNDBXTB1XXX', 1, 2],
    ]);
    expect(flows[0]!.fdr).toBe('2026-11-25SNDBXHB1XXX-S000000007');
    expect(flows[1]!.payments.map((line) => [line.index, line.iuv, line.pay])).toEqual([
      [1, '01000000000000001', 51],
      [2, '01000000000000002', 0.49],
    ]);
    expect(flows[1]!.regulationDate).toBe('2026-11-26');
  });

  it('splits a multi-beneficiary receipt across the enti of its transfers and leaves later days out', () => {
    const flows = buildSettlementFlows(
      [
        receipt('01000000000000005', '2026-11-25T10:00:00Z', 'CHECKOUT', [
          [ENTE, 700],
          [OTHER, 300],
        ]),
        receipt('01000000000000006', '2026-11-27T08:00:00Z', 'CHECKOUT', [[ENTE, 100]]),
      ],
      options,
    );
    expect(
      flows.map((flow) => [flow.receiver.organizationId, flow.payments[0]!.idTransfer, flow.sumPayments]),
    ).toEqual([
      [ENTE, 1, 7],
      [OTHER, 2, 3],
    ]);
    expect(flows[1]!.receiver.organizationName).toBe(`Ente ${OTHER}`);
  });

  it('reads days in Europe/Rome', () => {
    expect(italianDay('2026-06-30T22:30:00Z')).toBe('2026-07-01');
  });
});
