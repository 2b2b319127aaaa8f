/** A settlement flow (FdR) as SUS stores it, whichever way it came (XML file or the FdR REST API). */
export interface SettlementFlowHeader {
  /** identificativoFlusso. */
  flowId: string;
  revision: number;
  /** dataOraFlusso (ISO instant). */
  flowDate: string;
  /** identificativoUnivocoRegolamento: the SCT that carried the money. */
  regulationId: string;
  /** dataRegolamento (YYYY-MM-DD). */
  regulationDate: string;
  pspId: string;
  pspName?: string;
  /** The creditor ente's fiscal code (istitutoRicevente). */
  receiverFiscalCode: string;
  /** numeroTotalePagamenti and importoTotalePagamenti, checked against the lines. */
  totalCount: number;
  totalCents: number;
}

/** One line (datiSingoliPagamenti): one transfer of one paid notice. */
export interface SettlementFlowLine {
  iuv: string;
  iur: string;
  /** indiceDatiSingoloPagamento, 1-5; absent when the flow leaves it out. */
  transferIndex?: number;
  /** Negative for a revoked payment (codice esito 3). */
  amountCents: number;
  /** codiceEsitoSingoloPagamento: 0 executed, 3 revoked, 9 executed without RPT (4 and 8 since SACI 3.2). */
  outcomeCode: string;
  /** dataEsitoSingoloPagamento (YYYY-MM-DD). */
  outcomeDate: string;
}

export const FLOW_ID_SHAPE = /^[A-Za-z0-9_-]{1,35}$/;
