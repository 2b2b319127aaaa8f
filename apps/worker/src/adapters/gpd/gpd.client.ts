import { ApplicationFailure, log } from '@temporalio/activity';
import { Money } from '@sus/domain';
import { describeProblem, safeJson } from '../http-problem';

/** The parts of the GPD debt-position model (v1, ../shared/reference/specs/gpd.json) SUS sends. */
export interface DebtPosition {
  iupd: string;
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  email?: string;
  companyName: string;
  switchToExpired: boolean;
  paymentOption: {
    iuv: string;
    amount: number;
    description: string;
    isPartialPayment: boolean;
    dueDate: string;
    transfer: {
      idTransfer: string;
      amount: number;
      remittanceInformation: string;
      category: string;
      iban?: string;
    }[];
  }[];
}

export interface DebtPositionView {
  iupd: string;
  status: string;
  paymentDate?: string;
  paymentOption?: { iuv: string; amount: number; status?: string }[];
}

/**
 * The pagoPA debt-position service as the payment activities need it: one HTTP implementation
 * (`GpdClient`), configured by URL, so the sandbox and the real platform differ only in settings.
 */
export interface DebtPositionGateway {
  /** Creates and publishes the position; idempotent by IUPD. */
  createPublished(orgFiscalCode: string, position: DebtPosition): Promise<DebtPositionView>;
  /** The position as the intermediary sees it, or undefined when it does not know it. */
  get(orgFiscalCode: string, iupd: string): Promise<DebtPositionView | undefined>;
  /**
   * Withdraws a published position so nobody can pay it any more. When the intermediary refuses
   * (409: already paid, expired, invalid), the position as it stands is returned, so the caller
   * can see money that came in before the withdrawal.
   */
  invalidate(orgFiscalCode: string, iupd: string): Promise<InvalidationResult>;
  /** IUVs with a receipt at pagoPA, paid between from and to (YYYY-MM-DD). */
  listReceipts(orgFiscalCode: string, from: string, to: string): Promise<ReceiptListing[]>;
  /** One receipt (paSendRTV2 as GPD stores it), or undefined when there is none. */
  getReceipt(orgFiscalCode: string, iuv: string): Promise<ReceiptDetail | undefined>;
}

export type InvalidationResult =
  | { outcome: 'invalidated' }
  | { outcome: 'unknown' }
  | { outcome: 'notInvalidable'; position: DebtPositionView | undefined };

export interface ReceiptListing {
  iuv: string;
  paymentDateTime: string;
}

export interface ReceiptDetail {
  receiptId: string;
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  paymentDateTime: string;
  pspCompanyName?: string;
}

export interface GpdClientOptions {
  baseUrl: string;
  /** The payments-receipts service; defaults to the debt-positions URL with its service name swapped. */
  receiptsBaseUrl?: string;
  subscriptionKey: string;
  timeoutMs?: number;
}

/**
 * HTTP adapter to the pagoPA debt-position service (GPD). The sandbox and the real platform differ
 * only in baseUrl and key. Errors are classified for Temporal: 4xx business errors are not
 * retryable (retrying cannot fix an invalid taxonomy or an unregistered IBAN), 429/5xx/network are.
 */
export class GpdClient implements DebtPositionGateway {
  constructor(private readonly options: GpdClientOptions) {}

  /** Creates and publishes; an existing IUPD (409 on a retry after a lost answer) is read back instead. */
  async createPublished(orgFiscalCode: string, position: DebtPosition): Promise<DebtPositionView> {
    const created = await this.call(
      'POST',
      `/organizations/${orgFiscalCode}/debtpositions?toPublish=true`,
      position,
      [409],
    );
    if (created.status !== 409) return created.body as DebtPositionView;
    const existing = await this.get(orgFiscalCode, position.iupd);
    if (!existing) {
      throw ApplicationFailure.nonRetryable(
        `GPD refused IUPD ${position.iupd} as a duplicate but does not return it: its IUV is probably used by another position`,
        'GPD_DUPLICATE_IUV',
      );
    }
    if (existing.status === 'DRAFT') {
      await this.call(
        'POST',
        `/organizations/${orgFiscalCode}/debtpositions/${position.iupd}/publish`,
        undefined,
        [409],
      );
      return (await this.get(orgFiscalCode, position.iupd)) ?? existing;
    }
    return existing;
  }

  async get(orgFiscalCode: string, iupd: string): Promise<DebtPositionView | undefined> {
    const response = await this.call(
      'GET',
      `/organizations/${orgFiscalCode}/debtpositions/${iupd}`,
      undefined,
      [404],
    );
    return response.status === 404 ? undefined : (response.body as DebtPositionView);
  }

  /** 409 is not "withdrawn": the position may be paid already, so it is read back and returned. */
  async invalidate(orgFiscalCode: string, iupd: string): Promise<InvalidationResult> {
    const answer = await this.call(
      'POST',
      `/organizations/${orgFiscalCode}/debtpositions/${iupd}/invalidate`,
      undefined,
      [409, 404],
    );
    if (answer.status === 404) return { outcome: 'unknown' };
    if (answer.status !== 409) return { outcome: 'invalidated' };
    return { outcome: 'notInvalidable', position: await this.get(orgFiscalCode, iupd) };
  }

  async listReceipts(orgFiscalCode: string, from: string, to: string): Promise<ReceiptListing[]> {
    const listed: ReceiptListing[] = [];
    for (let page = 0; ; page++) {
      const answer = await this.call(
        'GET',
        `/payments/${orgFiscalCode}/receipts?from=${from}&to=${to}&pageNum=${page}&pageSize=100`,
        undefined,
        [404],
        this.receiptsBaseUrl(),
      );
      // GPD answers 404 for "no receipts in this window".
      if (answer.status === 404) return listed;
      const body = answer.body as {
        totalPages?: number;
        results?: { iuv: string; paymentDateTime: string }[];
      };
      for (const result of body.results ?? []) {
        listed.push({ iuv: result.iuv, paymentDateTime: result.paymentDateTime });
      }
      if (page + 1 >= (body.totalPages ?? 1)) return listed;
    }
  }

  async getReceipt(orgFiscalCode: string, iuv: string): Promise<ReceiptDetail | undefined> {
    const answer = await this.call(
      'GET',
      `/payments/${orgFiscalCode}/receipts/${iuv}`,
      undefined,
      [404],
      this.receiptsBaseUrl(),
    );
    if (answer.status === 404 || typeof answer.body !== 'string') return undefined;
    return parseReceiptXml(answer.body, iuv);
  }

  private receiptsBaseUrl(): string {
    return (
      this.options.receiptsBaseUrl ??
      this.options.baseUrl.replace('debt-positions-service', 'payments-receipts-service')
    );
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    accepted: number[],
    baseUrl = this.options.baseUrl,
  ): Promise<{ status: number; body: unknown }> {
    const url = `${baseUrl.replace(/\/$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'Ocp-Apim-Subscription-Key': this.options.subscriptionKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new Error(
        `GPD ${method} ${path} did not answer: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (response.ok || accepted.includes(response.status)) return { status: response.status, body: parsed };
    const problem = describeProblem(parsed, text);
    const message = `GPD ${method} ${path} answered ${response.status}: ${problem}`;
    if (response.status === 429 || response.status >= 500 || response.status === 408) {
      const retryAfterMs = retryAfter(response.headers.get('retry-after'));
      throw ApplicationFailure.create({
        message,
        type: 'GPD_UNAVAILABLE',
        ...(retryAfterMs === undefined ? {} : { nextRetryDelay: retryAfterMs }),
      });
    }
    if (response.status === 401 || response.status === 403) {
      // A subscription key being rotated: retrying (with backoff) lets the payment go on once the
      // new key is configured; the alert tells the operator to look.
      log.error('pagoPA refused the subscription key: check PAGOPA_GPD_SUBSCRIPTION_KEY', {
        alert: 'GPD_UNAUTHORIZED',
        status: response.status,
        path,
      });
      throw ApplicationFailure.retryable(message, 'GPD_UNAUTHORIZED', { status: response.status });
    }
    throw ApplicationFailure.nonRetryable(message, 'GPD_REJECTED', {
      status: response.status,
      problem: parsed,
    });
  }
}

/** Retry-After in seconds or as an HTTP date, capped at 10 minutes; undefined when absent or unreadable. */
export function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, 10 * 60_000);
}

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** The fields of a paSendRTV2 receipt SUS records; amounts come in euro with two decimals. */
export function parseReceiptXml(xml: string, iuv: string): ReceiptDetail | undefined {
  const receiptId = tag(xml, 'receiptId');
  const noticeNumber = tag(xml, 'noticeNumber');
  const amount = tag(xml, 'paymentAmount');
  const paymentDateTime = tag(xml, 'paymentDateTime');
  if (!receiptId || !noticeNumber || !amount || !paymentDateTime) return undefined;
  const pspCompanyName = tag(xml, 'pspCompanyName');
  return {
    receiptId,
    noticeNumber,
    iuv,
    amountCents: Money.parse(amount).cents,
    paymentDateTime,
    ...(pspCompanyName ? { pspCompanyName } : {}),
  };
}
