import { ApplicationFailure } from '@temporalio/activity';
import { nextBackoff } from '../backoff';
import { retryAfter } from '../gpd/gpd.client';
import { describeProblem, safeJson } from '../http-problem';

/** `NewMessage` of the IO Services API v1 as SUS sends it (../shared/reference/specs/io-services-api.yaml). */
export interface IoNewMessage {
  fiscal_code: string;
  content: {
    subject: string;
    markdown: string;
    due_date?: string;
    payment_data?: {
      amount: number;
      notice_number: string;
      invalid_after_due_date?: boolean;
      payee: { fiscal_code: string };
    };
  };
}

export type IoProfile = 'allowed' | 'blocked' | 'notOnIo';

/** A `LimitedProfile` as SUS reads it: whether the service may write, and the languages the citizen prefers. */
export interface IoProfileAnswer {
  profile: IoProfile;
  /** IO's `preferred_languages` (`it_IT`, `en_GB`…), most preferred first; empty when not on IO or not given. */
  preferredLanguages: string[];
}

/**
 * What became of a submission. `notStored`: IO answered and its answer proves the message was not
 * stored (429, 5xx with IO's problem body) — safe to send again. `refused`: IO will never take it
 * (400, 403: validation, a limited service, a payment it does not accept). `unknown`: no answer
 * reached us (a dropped connection, our timeout, a gateway's 502/504) — IO may have stored it.
 */
export type IoSubmission =
  | { outcome: 'accepted'; ioMessageId: string }
  | { outcome: 'notStored'; reason: string; retryAfterMs?: number }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'unknown'; reason: string };

/** `MessageStatusValue`: ACCEPTED → PROCESSED | THROTTLED | FAILED | REJECTED. */
export type IoMessageStatus = 'ACCEPTED' | 'THROTTLED' | 'FAILED' | 'PROCESSED' | 'REJECTED';

/**
 * The App IO Services API as the notification activities need it: one HTTP implementation,
 * configured by URL and one subscription key per IO service.
 */
export interface AppIoGateway {
  /** Whether the citizen is on IO and allows the service (POST /profiles, fiscal code in the body). */
  profile(ioServiceId: string, fiscalCode: string): Promise<IoProfile>;
  /** The same call, with the citizen's preferred languages. */
  readProfile(ioServiceId: string, fiscalCode: string): Promise<IoProfileAnswer>;
  submit(ioServiceId: string, message: IoNewMessage): Promise<IoSubmission>;
  status(ioServiceId: string, fiscalCode: string, ioMessageId: string): Promise<IoMessageStatus>;
}

export interface AppIoClientOptions {
  baseUrl: string;
  /** App IO service id → its subscription key (primary or secondary). */
  subscriptionKeys: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/** Statuses a message stays in no more: the poll stops there. */
export const FINAL_IO_STATUSES: readonly IoMessageStatus[] = ['PROCESSED', 'FAILED', 'REJECTED'];

/**
 * HTTP adapter to App IO. Reads (profile, status) fail as Temporal errors: 429/5xx/network are
 * retryable with Retry-After honoured, other 4xx are not. The submission is never retried here:
 * it answers what happened, so the caller can record it before anything is sent again.
 */
export class AppIoClient implements AppIoGateway {
  constructor(private readonly options: AppIoClientOptions) {}

  async profile(ioServiceId: string, fiscalCode: string): Promise<IoProfile> {
    return (await this.readProfile(ioServiceId, fiscalCode)).profile;
  }

  async readProfile(ioServiceId: string, fiscalCode: string): Promise<IoProfileAnswer> {
    const answer = await this.read(ioServiceId, 'POST', '/profiles', { fiscal_code: fiscalCode }, [404]);
    if (answer.status === 404) return { profile: 'notOnIo', preferredLanguages: [] };
    const body = answer.body as { sender_allowed?: boolean; preferred_languages?: unknown };
    return {
      profile: body.sender_allowed === true ? 'allowed' : 'blocked',
      preferredLanguages: Array.isArray(body.preferred_languages)
        ? body.preferred_languages.filter((language): language is string => typeof language === 'string')
        : [],
    };
  }

  async status(ioServiceId: string, fiscalCode: string, ioMessageId: string): Promise<IoMessageStatus> {
    const answer = await this.read(
      ioServiceId,
      'GET',
      `/messages/${fiscalCode}/${ioMessageId}`,
      undefined,
      [],
    );
    return (answer.body as { status: IoMessageStatus }).status;
  }

  async submit(ioServiceId: string, message: IoNewMessage): Promise<IoSubmission> {
    const key = this.keyOf(ioServiceId);
    let response: Response;
    try {
      response = await this.send(key, 'POST', '/messages', message);
    } catch (error) {
      const reason = error instanceof Error ? describeNetworkError(error) : String(error);
      // Refused before a byte left (nobody listening): nothing can have been stored.
      if (isConnectionRefused(error)) return { outcome: 'notStored', reason };
      return { outcome: 'unknown', reason };
    }
    const text = await response.text().catch(() => '');
    const body = text ? safeJson(text) : undefined;
    if (response.status === 201) {
      const id = (body as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id.length > 0) return { outcome: 'accepted', ioMessageId: id };
      return { outcome: 'unknown', reason: 'IO answered 201 without a message id' };
    }
    const reason = `App IO POST /messages answered ${response.status}: ${describeProblem(body, text)}`;
    // A gateway's 502/504 means IO's own answer was lost on the way: IO may have stored the message.
    if (response.status === 502 || response.status === 504) return { outcome: 'unknown', reason };
    if (response.status === 429 || response.status >= 500 || response.status === 408) {
      const wait = ioRetryAfter(response.headers);
      return { outcome: 'notStored', reason, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
    }
    if (response.status === 401) {
      // A key being rotated or not configured yet: retried with backoff until an operator fixes it.
      return { outcome: 'notStored', reason: `${reason} (check APP_IO_SERVICE_KEYS for ${ioServiceId})` };
    }
    return { outcome: 'refused', reason };
  }

  private async read(
    ioServiceId: string,
    method: string,
    path: string,
    body: unknown,
    accepted: number[],
  ): Promise<{ status: number; body: unknown }> {
    const key = this.keyOf(ioServiceId);
    let response: Response;
    try {
      response = await this.send(key, method, path, body);
    } catch (error) {
      throw new Error(
        `App IO ${method} ${path.replace(/[A-Z0-9]{16}/, '<fiscal code>')} did not answer: ${
          error instanceof Error ? describeNetworkError(error) : String(error)
        }`,
        { cause: error },
      );
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (response.ok || accepted.includes(response.status)) return { status: response.status, body: parsed };
    const message = `App IO ${method} ${path.split('/')[1]} answered ${response.status}: ${describeProblem(parsed, text)}`;
    if (
      response.status === 429 ||
      response.status >= 500 ||
      response.status === 408 ||
      response.status === 401
    ) {
      throw ApplicationFailure.create({
        message,
        type: 'APP_IO_UNAVAILABLE',
        nextRetryDelay: ioRetryAfter(response.headers) ?? nextBackoff(),
      });
    }
    throw ApplicationFailure.nonRetryable(message, 'APP_IO_REJECTED', { status: response.status });
  }

  /** Thrown before any request, so a missing key is never mistaken for a lost answer. */
  private keyOf(ioServiceId: string): string {
    const key = this.options.subscriptionKeys[ioServiceId];
    if (!key) {
      // Retryable on purpose: the message waits until an operator configures the key.
      throw ApplicationFailure.retryable(
        `No App IO subscription key is configured for service ${ioServiceId}: add it to APP_IO_SERVICE_KEYS.`,
        'APP_IO_KEY_MISSING',
      );
    }
    return key;
  }

  private send(key: string, method: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        'Ocp-Apim-Subscription-Key': key,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
  }
}

/**
 * The wait IO asks for after a 429: its gateway policy names the header `x-rate-limit-retry-after`
 * (replacing APIM's default `Retry-After`, pagopa/io-infra's io_services product policy);
 * `Retry-After` is still read, for a gateway or a 5xx that sends it.
 */
function ioRetryAfter(headers: Headers): number | undefined {
  return retryAfter(headers.get('x-rate-limit-retry-after') ?? headers.get('retry-after'));
}

function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [error.message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
}
