import { ApplicationFailure } from '@temporalio/activity';
import type { SettlementFlowHeader, SettlementFlowLine } from '@sus/catalog';
import { describeProblem, safeJson } from '../http-problem';
import { retryAfter } from '../gpd/gpd.client';

/** A published flow as the list names it. */
export interface FlowListing {
  fdr: string;
  pspId: string;
  revision: number;
  published: string;
}

/**
 * The pagoPA FdR service for enti (fdr_organization.json): the flows PSPs published for an ente,
 * header and lines. One HTTP implementation, configured by URL: the sandbox and the platform differ
 * only in settings.
 */
export interface SettlementFlowGateway {
  /** Flows published after `publishedGt` (ISO instant), every page. */
  list(orgFiscalCode: string, publishedGt: string): Promise<FlowListing[]>;
  /** Header and every line of one flow revision. */
  get(
    orgFiscalCode: string,
    flow: FlowListing,
  ): Promise<{ header: SettlementFlowHeader; lines: SettlementFlowLine[] }>;
}

/** payStatus → codiceEsitoSingoloPagamento, as the FdR API documents the mapping. */
const OUTCOME: Record<string, string> = {
  EXECUTED: '0',
  REVOKED: '3',
  STAND_IN: '4',
  STAND_IN_NO_RPT: '8',
  NO_RPT: '9',
};
/** Euro as the API writes them (a JSON number with two decimals) to cents, without float drift. */
const cents = (euro: number) => Math.round(euro * 100);
const PAGE = 1000;

export class FdrClient implements SettlementFlowGateway {
  constructor(private readonly options: { baseUrl: string; subscriptionKey: string; timeoutMs?: number }) {}

  async list(orgFiscalCode: string, publishedGt: string): Promise<FlowListing[]> {
    const listed: FlowListing[] = [];
    for (let page = 1; ; page++) {
      const body = (await this.call(
        `/organizations/${orgFiscalCode}/fdrs?publishedGt=${encodeURIComponent(publishedGt)}&page=${page}&size=${PAGE}`,
      )) as { metadata?: { totPage?: number }; data?: FlowListing[] };
      listed.push(...(body.data ?? []));
      if (page >= (body.metadata?.totPage ?? 1)) return listed;
    }
  }

  async get(orgFiscalCode: string, flow: FlowListing) {
    const path = `/organizations/${orgFiscalCode}/fdrs/${encodeURIComponent(flow.fdr)}/revisions/${flow.revision}/psps/${encodeURIComponent(flow.pspId)}`;
    const head = (await this.call(path)) as {
      fdr: string;
      revision: number;
      fdrDate: string;
      regulation: string;
      regulationDate: string;
      sender: { pspId: string; pspName?: string };
      receiver: { organizationId: string };
      totPayments: number;
      sumPayments: number;
    };
    const lines: SettlementFlowLine[] = [];
    for (let page = 1; ; page++) {
      const body = (await this.call(`${path}/payments?page=${page}&size=${PAGE}`)) as {
        metadata?: { totPage?: number };
        data?: {
          iuv: string;
          iur: string;
          idTransfer: number;
          pay: number;
          payStatus: string;
          payDate: string;
        }[];
      };
      for (const payment of body.data ?? []) {
        lines.push({
          iuv: payment.iuv,
          iur: payment.iur,
          transferIndex: payment.idTransfer,
          amountCents: cents(payment.pay),
          outcomeCode: OUTCOME[payment.payStatus] ?? payment.payStatus,
          outcomeDate: italianDay(payment.payDate),
        });
      }
      if (page >= (body.metadata?.totPage ?? 1)) break;
    }
    return {
      header: {
        flowId: head.fdr,
        revision: head.revision,
        flowDate: new Date(head.fdrDate).toISOString(),
        regulationId: head.regulation,
        regulationDate: head.regulationDate.slice(0, 10),
        pspId: head.sender.pspId,
        ...(head.sender.pspName ? { pspName: head.sender.pspName } : {}),
        receiverFiscalCode: head.receiver.organizationId,
        totalCount: head.totPayments,
        totalCents: cents(head.sumPayments),
      },
      lines,
    };
  }

  private async call(path: string): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'Ocp-Apim-Subscription-Key': this.options.subscriptionKey },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new Error(
        `FdR GET ${path} did not answer: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (response.ok) return parsed;
    const message = `FdR GET ${path} answered ${response.status}: ${describeProblem(parsed, text)}`;
    if (
      response.status === 429 ||
      response.status >= 500 ||
      response.status === 408 ||
      response.status === 401
    ) {
      const retryAfterMs = retryAfter(response.headers.get('retry-after'));
      throw ApplicationFailure.create({
        message,
        type: 'FDR_UNAVAILABLE',
        ...(retryAfterMs === undefined ? {} : { nextRetryDelay: retryAfterMs }),
      });
    }
    throw ApplicationFailure.nonRetryable(message, 'FDR_REJECTED', { status: response.status });
  }
}

const romeDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The day in Italy of an instant (a date alone stays as it is). */
function italianDay(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : romeDay.format(new Date(value));
}
