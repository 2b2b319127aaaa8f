import { Money } from '@sus/domain';
import type { Receipt } from '../receipts/receipt';
import { type Psp, pspById } from '../psp/psps';

/** One line of a flow: one transfer of one receipt (FlussoRiversamento.datiSingoliPagamenti). */
export interface FlowPayment {
  index: number;
  iuv: string;
  iur: string;
  idTransfer: number;
  /** Euro with two decimals, as the FdR REST API writes it. */
  pay: number;
  payStatus: 'EXECUTED';
  payDate: string;
}

/** A published settlement flow in the shape of fdr_organization.json's SingleFlowResponse. */
export interface SettlementFlow {
  status: 'PUBLISHED';
  revision: number;
  created: string;
  updated: string;
  published: string;
  fdr: string;
  fdrDate: string;
  regulation: string;
  regulationDate: string;
  bicCodePouringBank: string;
  sender: {
    type: 'LEGAL_PERSON';
    id: string;
    pspId: string;
    pspName: string;
    pspBrokerId: string;
    channelId: string;
  };
  receiver: { id: string; organizationId: string; organizationName: string };
  computedTotPayments: number;
  computedSumPayments: number;
  totPayments: number;
  sumPayments: number;
  /** The day the payments were made (Europe/Rome), which the flow settles. */
  paymentDay: string;
  payments: FlowPayment[];
}

const romeDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Italy of an instant: flows group the payments of one Italian day. */
export function italianDay(instant: string | Date): string {
  return romeDay.format(typeof instant === 'string' ? new Date(instant) : instant);
}

const euro = (cents: number): number => Number(Money.fromCents(cents).toDecimalString());

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export interface FlowBuildOptions {
  /** When the flows are published. */
  now: Date;
  /** Only payments made on this Italian day or before are settled (a PSP reports closed days). */
  upToDay: string;
  /** First sequence number for the flow names; advances by one per flow. */
  firstSequence: number;
  organizationName: (fiscalCode: string) => string;
}

/**
 * Groups receipt transfers into settlement flows: one flow per beneficiary ente, per PSP, per day
 * of payment, as PSPs send them (one SCT and one FdR per day and creditor). Multi-beneficiary
 * receipts split across the enti named in their transfers. Pure: the caller decides which receipts
 * are still unreported.
 */
export function buildSettlementFlows(
  receipts: readonly Receipt[],
  options: FlowBuildOptions,
): SettlementFlow[] {
  const groups = new Map<
    string,
    {
      psp: Psp;
      organization: string;
      day: string;
      lines: (Omit<FlowPayment, 'index' | 'pay'> & { cents: number })[];
    }
  >();
  const ordered = [...receipts].sort((a, b) => a.paymentDateTime.localeCompare(b.paymentDateTime));
  for (const receipt of ordered) {
    const day = italianDay(receipt.paymentDateTime);
    if (day > options.upToDay) continue;
    const psp = pspById(receipt.idPSP);
    if (psp === undefined) continue;
    for (const transfer of receipt.transferList) {
      const key = `${transfer.fiscalCodePA}|${psp.idPSP}|${day}`;
      const group = groups.get(key) ?? { psp, organization: transfer.fiscalCodePA, day, lines: [] };
      group.lines.push({
        iuv: receipt.creditorReferenceId,
        iur: receipt.iur,
        idTransfer: transfer.idTransfer,
        cents: transfer.transferAmount,
        payStatus: 'EXECUTED',
        payDate: receipt.paymentDateTime,
      });
      groups.set(key, group);
    }
  }
  const published = options.now.toISOString();
  return [...groups.values()]
    .sort((a, b) =>
      (a.day + a.psp.idPSP + a.organization).localeCompare(b.day + b.psp.idPSP + b.organization),
    )
    .map((group, i) => {
      const sequence = String(options.firstSequence + i).padStart(9, '0');
      const fdr = `${group.day}${group.psp.idPSP}-S${sequence}`;
      const payments: FlowPayment[] = group.lines.map(({ cents, ...line }, index) => ({
        index: index + 1,
        ...line,
        pay: euro(cents),
      }));
      const sum = euro(group.lines.reduce((total, line) => total + line.cents, 0));
      return {
        status: 'PUBLISHED' as const,
        revision: 1,
        created: published,
        updated: published,
        published,
        fdr,
        fdrDate: published,
        regulation: `SCT${group.day.replace(/-/g, '')}${sequence}`,
        regulationDate: nextDay(group.day),
        bicCodePouringBank: group.psp.bic,
        sender: {
          type: 'LEGAL_PERSON' as const,
          id: group.psp.idPSP,
          pspId: group.psp.idPSP,
          pspName: group.psp.pspCompanyName,
          pspBrokerId: group.psp.pspFiscalCode,
          channelId: group.psp.idChannel,
        },
        receiver: {
          id: group.organization,
          organizationId: group.organization,
          organizationName: options.organizationName(group.organization),
        },
        computedTotPayments: payments.length,
        computedSumPayments: sum,
        totPayments: payments.length,
        sumPayments: sum,
        paymentDay: group.day,
        payments,
      };
    });
}
