import { ApplicationFailure } from '@temporalio/activity';

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
  /** Withdraws a published position so nobody can pay it any more. */
  invalidate(orgFiscalCode: string, iupd: string): Promise<void>;
}

export interface GpdClientOptions {
  baseUrl: string;
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

  /** Withdraws a payable notice; 409 means it is already not invalidable (invalid, paid, expired): nothing to do. */
  async invalidate(orgFiscalCode: string, iupd: string): Promise<void> {
    await this.call(
      'POST',
      `/organizations/${orgFiscalCode}/debtpositions/${iupd}/invalidate`,
      undefined,
      [409, 404],
    );
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    accepted: number[],
  ): Promise<{ status: number; body: unknown }> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
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
    if (response.status === 429 || response.status >= 500 || response.status === 408)
      throw new Error(message);
    throw ApplicationFailure.nonRetryable(
      message,
      response.status === 401 || response.status === 403 ? 'GPD_UNAUTHORIZED' : 'GPD_REJECTED',
      {
        status: response.status,
        problem: parsed,
      },
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeProblem(parsed: unknown, text: string): string {
  if (parsed && typeof parsed === 'object') {
    const { title, detail } = parsed as { title?: string; detail?: string };
    if (title || detail) return [title, detail].filter(Boolean).join(': ');
  }
  return text.slice(0, 300) || '(empty body)';
}
