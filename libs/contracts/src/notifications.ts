/** The workflow type the worker registers `messageWorkflow` under; the api and the procedure engine start it by this name. */
export const messageWorkflowType = 'messageWorkflow';

/** The body of a message: written out, or a template of the ente rendered with variables. */
export type MessageContent =
  { subject: string; markdown: string } | { templateKey: string; variables: Record<string, string> };

/** The payment a message is the notice of: App IO shows a "pay" button for it. */
export interface MessagePaymentData {
  /** The 18-digit notice number. */
  noticeNumber: string;
  amountCents: number;
  /** The creditor ente's fiscal code. */
  payeeFiscalCode: string;
  /** YYYY-MM-DD, Europe/Rome. */
  dueDate?: string;
}

export interface MessageInput {
  enteCode: string;
  /** The ente's service whose App IO service (appIoServiceId) sends it; absent: the ente's default. */
  serviceCode?: string;
  fiscalCode: string;
  locale?: 'it' | 'en';
  content: MessageContent;
  /**
   * The written-out content in other languages: the one the citizen's App IO profile prefers is
   * sent instead of `content` (a template's own languages are rendered without it).
   */
  translations?: Partial<Record<'it' | 'en', { subject: string; markdown: string }>>;
  paymentData?: MessagePaymentData;
  /**
   * Where the e-mail fallback goes when the citizen is not on IO, has blocked the service or IO
   * refuses the message; absent: nothing can be sent then (status undeliverable).
   */
  email?: string;
  caseNumber?: string;
  noticeNumber?: string;
  /** Unique per ente: repeating it never sends twice (the workflow id is built from it). */
  idempotencyKey: string;
  /** Who asked: a staff user, an integrator key or a workflow reference, never a caller-controlled id. */
  requestedBy: string;
}

export type MessageChannel = 'io' | 'email' | 'none';
/**
 * `unconfirmed`: IO's answer to the submission was lost (a timeout or a dropped connection after
 * IO may have stored it). IO's API has no idempotency key and no way to look a message up without
 * its id, so SUS never sends it again (a citizen must never get it twice) and says it cannot confirm.
 */
export type MessageOutcomeStatus =
  'processed' | 'failed' | 'rejected' | 'fallbackSent' | 'undeliverable' | 'unconfirmed';

export interface MessageOutcome {
  /** The SUS delivery id (the `message` row), not App IO's id. */
  messageId: string;
  channel: MessageChannel;
  status: MessageOutcomeStatus;
}

export const messageWorkflowId = (enteCode: string, idempotencyKey: string): string =>
  `message/${enteCode}/${idempotencyKey}`;
export type MessageWorkflow = (input: MessageInput) => Promise<MessageOutcome>;
