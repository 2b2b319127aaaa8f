/** The PSPs the simulator can act as: one per way a citizen pays an avviso. */
export interface Psp {
  idPSP: string;
  pspFiscalCode: string;
  pspCompanyName: string;
  idChannel: string;
  channelDescription: string;
  /** ctReceipt paymentMethod: PO cash at a physical point, BBT bank transfer, CP card. */
  paymentMethod: string;
  /** BIC of the bank that sends the money on: FdR codiceBicBancaDiRiversamento. */
  bic: string;
}

export const PSPS = {
  TABACCHERIA: {
    idPSP: 'SNDBXTB1XXX',
    pspFiscalCode: '02342520158',
    pspCompanyName: 'Rete Tabaccherie Sandbox',
    idChannel: 'SNDBXTB1XXX_01',
    channelDescription: 'Pagamento presso punto fisico',
    paymentMethod: 'PO',
    bic: 'SNDBITM1XXX',
  },
  HOMEBANKING: {
    idPSP: 'SNDBXHB1XXX',
    pspFiscalCode: '86334519757',
    pspCompanyName: 'Banca Sandbox',
    idChannel: 'SNDBXHB1XXX_02',
    channelDescription: 'Home banking (CBILL)',
    paymentMethod: 'BBT',
    bic: 'SNDBITM2XXX',
  },
  CHECKOUT: {
    idPSP: 'SNDBXCK1XXX',
    pspFiscalCode: '00085240950',
    pspCompanyName: 'Carte Sandbox',
    idChannel: 'SNDBXCK1XXX_03',
    channelDescription: 'pagoPA Checkout, carta di pagamento',
    paymentMethod: 'CP',
    bic: 'SNDBITM3XXX',
  },
} as const satisfies Record<string, Psp>;

export type PspName = keyof typeof PSPS;
export const PSP_NAMES = ['TABACCHERIA', 'HOMEBANKING', 'CHECKOUT'] as const satisfies readonly PspName[];

export function pspById(idPSP: string): Psp | undefined {
  return Object.values(PSPS).find((psp) => psp.idPSP === idPSP);
}
