import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { msOptionalToNumber } from '@temporalio/common/lib/time';
import {
  checkMessageText,
  DomainError,
  MESSAGE_LOCALES,
  messageLocaleFor,
  renderMessage,
  startOfNextCivilDayInRome,
  type MessageLocale,
  type MessageText,
} from '@sus/domain';
import type { MessageRecord, MessageRecordStatus, MessageSender, NotificationRepository } from '@sus/catalog';
import type { MessageChannel, MessageInput, MessageOutcome } from '@sus/contracts';
import type {
  AppIoGateway,
  IoMessageStatus,
  IoNewMessage,
  IoProfile,
} from '../adapters/app-io/app-io.client';
import type { MailSender } from '../adapters/mail/smtp-mailer';
import { businessMetrics } from '../observability/business-metrics';
import { nextBackoff } from '../adapters/backoff';
import { inLanes, LaneGovernor } from './message-lanes';

export interface MessagePorts {
  notifications: NotificationRepository;
  appIo: AppIoGateway;
  mail: MailSender;
  /** Requests per second allowed on each IO service key, shared by every worker. */
  ioRatePerSecond: number;
}

/** The delivery record the workflow goes on with, or the outcome when there is nothing left to do. */
export type PreparedMessage =
  | { messageId: string; ioServiceId: string | null; hasEmail: boolean; outcome?: undefined }
  | { messageId: string; outcome: MessageOutcome };

export type IoSubmitResult =
  | { outcome: 'accepted' }
  | { outcome: 'unconfirmed'; reason: string }
  | { outcome: 'refused'; reason: string };

export type FallbackResult = 'sent' | 'noAddress' | 'unconfirmed' | 'refused';

/** A caller waits at most this long for its slot in the shared bucket before handing the wait to Temporal. */
const MAX_IN_ACTIVITY_WAIT_MS = 5_000;

/** Times a message of a batch meets a retryable failure (429, 5xx, a full bucket) before its own workflow takes it over. */
const BATCH_ATTEMPTS = 6;
/** The longest a batch waits in place for one retry; a longer wait is left to the message's own workflow. */
const MAX_BATCH_RETRY_WAIT_MS = 30_000;

/** What a batch did: how many IO accepted, and the messages that need their own workflow (fallback, doubt, retries). */
export interface MessageBatchResult {
  accepted: number;
  /** Already final before this batch (an earlier attempt or run finished them). */
  finished: number;
  handOver: MessageInput[];
}

/** One pass of a status sweep: the messages IO processed, the ones handed over for the fallback, and those still open. */
export interface StatusSweepResult {
  processed: number;
  handOver: MessageInput[];
  pending: number;
}

function outcomeOf(message: MessageRecord): MessageOutcome | undefined {
  const final: Partial<Record<MessageRecordStatus, MessageOutcome['status']>> = {
    processed: 'processed',
    failed: 'failed',
    rejected: 'rejected',
    fallbackSent: 'fallbackSent',
    undeliverable: 'undeliverable',
    unconfirmed: 'unconfirmed',
    invalid: 'rejected',
  };
  const status = final[message.status];
  return status && message.completedAt
    ? { messageId: message.id, channel: message.channel, status }
    : undefined;
}

export function createMessageActivities({ notifications, appIo, mail, ioRatePerSecond }: MessagePorts) {
  /**
   * Waits for this request's slot under the key's limit; a long wait becomes a Temporal retry
   * instead. `observe` hears the wait the bucket gave (a batch's lanes follow it).
   */
  async function throttle(ioServiceId: string, observe?: (waitMs: number) => void): Promise<void> {
    if (ioRatePerSecond <= 0) return;
    const wait = await notifications.takeIoToken(ioServiceId, ioRatePerSecond);
    observe?.(wait);
    if (wait === 0) return;
    if (wait <= MAX_IN_ACTIVITY_WAIT_MS) {
      await sleep(wait);
      return;
    }
    await notifications.returnIoToken(ioServiceId);
    throw ApplicationFailure.create({
      message: `App IO service ${ioServiceId} is at its rate limit (${ioRatePerSecond}/s); next slot in ${wait} ms`,
      type: 'APP_IO_THROTTLED',
      nextRetryDelay: wait,
    });
  }

  function text(input: MessageInput, template?: Parameters<typeof renderMessage>[0]): MessageText {
    if ('subject' in input.content) return checkMessageText(input.content);
    if (!template) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `Ente ${input.enteCode} has no message template "${input.content.templateKey}"${
          input.serviceCode ? ` for service ${input.serviceCode} or by default` : ''
        }.`,
        { field: 'content.templateKey' },
      );
    }
    return renderMessage(template, input.content.variables, input.locale ?? 'it');
  }

  /** The message in the languages other than its own, for the citizen whose IO profile prefers one. */
  function otherLanguages(
    input: MessageInput,
    template?: Parameters<typeof renderMessage>[0],
  ): Partial<Record<MessageLocale, MessageText>> | undefined {
    const own = input.locale ?? 'it';
    const others: Partial<Record<MessageLocale, MessageText>> = {};
    for (const locale of MESSAGE_LOCALES) {
      if (locale === own) continue;
      try {
        if ('templateKey' in input.content) {
          // renderMessage falls back to Italian: only a language the template has is a translation.
          if (template?.[locale]) others[locale] = renderMessage(template, input.content.variables, locale);
        } else {
          const given = input.translations?.[locale];
          if (given) others[locale] = checkMessageText(given);
        }
      } catch (error) {
        // A translation IO would refuse is dropped: the message still goes out in its own language.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return Object.keys(others).length > 0 ? others : undefined;
  }

  /** The profile check (the IO spec's getProfile, which must precede a submission); `observe` hears the bucket's wait. */
  async function checkProfile(
    messageId: string,
    observe?: (waitMs: number) => void,
    /** The record as just read or written (a batch); read again when not given. */
    known?: MessageRecord,
  ): Promise<{ profile: IoProfile; message: MessageRecord }> {
    const message = known ?? (await notifications.getMessage(messageId));
    if (message.profile) return { profile: message.profile, message };
    const serviceId = message.ioServiceId as string;
    await throttle(serviceId, observe);
    const { profile, preferredLanguages } = await appIo.readProfile(serviceId, message.fiscalCode);
    // The citizen's language, when the message has a text in it (switched before anything is sent).
    const recorded = await notifications.recordProfile(
      messageId,
      profile,
      messageLocaleFor(preferredLanguages),
    );
    return { profile, message: recorded };
  }

  /**
   * Sends the message to IO at most once. The in-flight mark is committed before the request
   * leaves; an attempt that finds it (the previous one lost IO's answer, or its worker died
   * mid-call) cannot tell whether IO stored the message, and IO offers neither an idempotency
   * key nor a look-up without the id, so it reports `unconfirmed` rather than risk a duplicate.
   */
  async function submitOnce(
    messageId: string,
    observe?: (waitMs: number) => void,
    /** The record as just written (a batch's profile check); read again when not given. */
    known?: MessageRecord,
  ): Promise<IoSubmitResult> {
    // A stale `known` can do no harm: beginSubmit below is the one atomic check before sending.
    const message = known ?? (await notifications.getMessage(messageId));
    const serviceId = message.ioServiceId as string;
    // Decided already (a batch, or an earlier attempt): no request, so no token either.
    if (message.submitState === 'done') return { outcome: 'accepted' };
    if (message.submitState === 'inFlight') {
      return {
        outcome: 'unconfirmed',
        reason: 'An earlier attempt may have reached App IO without an answer; not sent again.',
      };
    }
    await throttle(serviceId, observe);
    const begun = await notifications.beginSubmit(messageId);
    if (begun.state === 'done') return { outcome: 'accepted' };
    if (begun.state === 'inFlight') {
      return {
        outcome: 'unconfirmed',
        reason: 'An earlier attempt may have reached App IO without an answer; not sent again.',
      };
    }
    const submission = await appIo.submit(serviceId, toIoMessage(message));
    switch (submission.outcome) {
      case 'accepted':
        await notifications.submitAccepted(messageId, submission.ioMessageId);
        return { outcome: 'accepted' };
      case 'unknown':
        return { outcome: 'unconfirmed', reason: submission.reason };
      case 'refused':
        await notifications.submitNotStored(messageId, submission.reason);
        return { outcome: 'refused', reason: submission.reason };
      case 'notStored':
        await notifications.submitNotStored(messageId, submission.reason);
        throw ApplicationFailure.create({
          message: submission.reason,
          type: 'APP_IO_UNAVAILABLE',
          nextRetryDelay: submission.retryAfterMs ?? nextBackoff(),
        });
    }
  }

  /**
   * Renders and checks the message and creates its delivery record (once per ente and
   * idempotency key). A message IO would refuse (length limits, a missing template variable)
   * is recorded `invalid` and never sent. Answers the record too, for a batch to go on with.
   */
  async function prepare(
    input: MessageInput,
    senderOf: (enteCode: string, serviceCode?: string) => Promise<MessageSender>,
  ): Promise<{ prepared: PreparedMessage; record: MessageRecord }> {
    const sender = await senderOf(input.enteCode, input.serviceCode);
    const template =
      'templateKey' in input.content
        ? await notifications.findTemplate(input.enteCode, input.serviceCode, input.content.templateKey)
        : undefined;
    let rendered: MessageText | undefined;
    let failure: string | undefined;
    try {
      rendered = text(input, template?.text);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failure = `${error.code}: ${error.message}`;
    }
    const translations = rendered ? otherLanguages(input, template?.text) : undefined;
    const { message } = await notifications.createMessage({
      enteCode: input.enteCode,
      ...(input.serviceCode === undefined ? {} : { serviceCode: input.serviceCode }),
      ioServiceId: sender.ioServiceId,
      fiscalCode: input.fiscalCode,
      ...(input.email === undefined ? {} : { email: input.email }),
      locale: input.locale ?? 'it',
      ...(input.caseNumber === undefined ? {} : { caseNumber: input.caseNumber }),
      ...(input.noticeNumber === undefined ? {} : { noticeNumber: input.noticeNumber }),
      idempotencyKey: input.idempotencyKey,
      requestedBy: input.requestedBy,
      ...(rendered ?? {}),
      ...(input.paymentData === undefined ? {} : { paymentData: input.paymentData }),
      ...(translations === undefined ? {} : { translations }),
      status: failure === undefined ? 'pending' : 'invalid',
      ...(failure === undefined ? {} : { failure }),
    });
    const outcome = outcomeOf(message);
    if (outcome) return { prepared: { messageId: message.id, outcome }, record: message };
    return {
      prepared: { messageId: message.id, ioServiceId: message.ioServiceId, hasEmail: message.email !== null },
      record: message,
    };
  }

  const single = {
    /**
     * Renders and checks the message and creates its delivery record (once per ente and
     * idempotency key). A message IO would refuse (length limits, a missing template variable)
     * is recorded `invalid` and never sent.
     */
    async prepareMessage(input: MessageInput): Promise<PreparedMessage> {
      return (
        await prepare(input, (enteCode, serviceCode) => notifications.resolveSender(enteCode, serviceCode))
      ).prepared;
    },

    async checkIoProfile(messageId: string): Promise<IoProfile> {
      return (await checkProfile(messageId)).profile;
    },

    /**
     * Sends the message to IO at most once. The in-flight mark is committed before the request
     * leaves; an attempt that finds it (the previous one lost IO's answer, or its worker died
     * mid-call) cannot tell whether IO stored the message, and IO offers neither an idempotency
     * key nor a look-up without the id, so it reports `unconfirmed` rather than risk a duplicate.
     */
    async submitIoMessage(messageId: string): Promise<IoSubmitResult> {
      return submitOnce(messageId);
    },

    async pollIoMessage(messageId: string): Promise<IoMessageStatus> {
      const message = await notifications.getMessage(messageId);
      const serviceId = message.ioServiceId as string;
      await throttle(serviceId);
      const status = await appIo.status(serviceId, message.fiscalCode, message.ioMessageId as string);
      if (status !== message.ioStatus) await notifications.recordIoStatus(messageId, status);
      return status;
    },

    /** The e-mail fallback, at most once by the same write-ahead mark as the IO submission. */
    async sendFallbackEmail(messageId: string): Promise<FallbackResult> {
      const message = await notifications.getMessage(messageId);
      if (!message.email || message.subject === null || message.markdown === null) return 'noAddress';
      const begun = await notifications.beginEmail(messageId);
      if (begun === 'done') return 'sent';
      if (begun === 'inFlight') return 'unconfirmed';
      const sent = await mail.send({
        to: message.email,
        subject: message.subject,
        text: message.markdown,
        messageId: `${message.id}@sus`,
      });
      if (sent.outcome === 'sent') {
        await notifications.emailSent(messageId);
        return 'sent';
      }
      if (sent.outcome === 'unknown') return 'unconfirmed';
      await notifications.emailNotSent(messageId, sent.reason);
      if (sent.permanent) return 'refused';
      throw ApplicationFailure.create({
        message: `The e-mail fallback was not sent: ${sent.reason}`,
        type: 'SMTP_UNAVAILABLE',
        nextRetryDelay: nextBackoff(),
      });
    },

    async completeMessage(
      messageId: string,
      outcome: { channel: MessageChannel; status: MessageOutcome['status']; failure?: string },
    ): Promise<MessageOutcome> {
      const message = await notifications.complete(messageId, outcome);
      businessMetrics.messages.inc({ channel: outcome.channel, status: outcome.status });
      return outcomeOf(message) ?? { messageId, channel: outcome.channel, status: outcome.status };
    },
  };

  /**
   * Runs `step` again in place after a retryable failure (429, 5xx, a full bucket), honouring the
   * delay it asks for; undefined once it keeps failing or fails for good, and the message's own
   * workflow takes over (Temporal retries, and the fallback). Only what depends on the message
   * alone is caught: a failing database fails the whole batch, whose retry is idempotent.
   */
  async function patiently<T>(step: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await step();
      } catch (error) {
        if (!(error instanceof ApplicationFailure) && !isIoReadFailure(error)) throw error;
        if (error instanceof ApplicationFailure && error.nonRetryable) return undefined;
        if (attempt >= BATCH_ATTEMPTS) return undefined;
        const asked =
          error instanceof ApplicationFailure
            ? msOptionalToNumber(error.nextRetryDelay ?? undefined)
            : undefined;
        const wait = asked ?? nextBackoff();
        if (wait > MAX_BATCH_RETRY_WAIT_MS) return undefined;
        await sleep(wait);
      }
    }
  }

  /** Reports the number of items done to Temporal, so a killed worker's batch is retried elsewhere soon. */
  function heartbeat(done: number): void {
    try {
      Context.current().heartbeat(done);
    } catch {
      // Called outside an activity (a test calling the function directly): nothing to report to.
    }
  }

  /** The lanes the last batch of this worker ended with: the next one starts there, not from scratch. */
  let learnedLanes: number | undefined;

  return {
    ...single,

    /**
     * Sends many messages in one activity (the daily reminders): for each, the same steps as
     * `messageWorkflow` up to IO's acceptance (the delivery record, the profile check, the
     * submission under the same never-twice mark and the key's shared limit), as many at a time as
     * the key's limit lets through (a LaneGovernor over the waits the shared bucket hands out). A message that needs more than that (the citizen is not on IO or blocked the service,
     * IO refused it, its answer was lost, or it kept failing) is handed back for its own workflow,
     * which resumes from its record. A retried batch repeats nothing: each step reads the record first.
     */
    async sendMessageBatch(messages: MessageInput[]): Promise<MessageBatchResult> {
      const result: MessageBatchResult = { accepted: 0, finished: 0, handOver: [] };
      const governor = new LaneGovernor(learnedLanes);
      const observe = (waitMs: number) => governor.observe(waitMs);
      // One look-up per sender for the whole batch (a page of reminders has one), not one per message.
      const senders = new Map<string, Promise<MessageSender>>();
      const senderOf = (enteCode: string, serviceCode?: string) => {
        const key = `${enteCode}/${serviceCode ?? ''}`;
        let sender = senders.get(key);
        if (sender === undefined) {
          sender = notifications.resolveSender(enteCode, serviceCode);
          senders.set(key, sender);
        }
        return sender;
      };
      await inLanes(
        messages,
        async (input) => {
          const { prepared, record } = await prepare(input, senderOf);
          if (prepared.outcome) {
            result.finished += 1;
            return;
          }
          if (prepared.ioServiceId === null) {
            result.handOver.push(input);
            return;
          }
          // The record just written goes on to the next step instead of being read again; a step
          // retried in place reads it afresh.
          let known: MessageRecord | undefined = record;
          const checked = await patiently(() => {
            const given = known;
            known = undefined;
            return checkProfile(prepared.messageId, observe, given);
          });
          if (checked?.profile !== 'allowed') {
            result.handOver.push(input);
            return;
          }
          known = checked.message;
          const submitted = await patiently(() => {
            const given = known;
            known = undefined;
            return submitOnce(prepared.messageId, observe, given);
          });
          if (submitted?.outcome === 'accepted') result.accepted += 1;
          else result.handOver.push(input);
        },
        governor,
        heartbeat,
      );
      learnedLanes = governor.lanes;
      return result;
    },

    /**
     * One pass over an ente's messages (under a key prefix, e.g. `cie-reminder/`) that IO accepted
     * and that have not ended: each status read once, under the key's limit. PROCESSED ends the
     * message; REJECTED and FAILED hand it to its own workflow for the e-mail fallback; the rest
     * wait for the next pass. Instead of one workflow and one timer per message. As many reads at
     * a time as the key's limit lets through, as in a batch.
     */
    async followIoStatuses(request: {
      enteCode: string;
      keyPrefix: string;
      limit: number;
    }): Promise<StatusSweepResult> {
      const awaiting = await notifications.awaitingIoStatus(
        request.enteCode,
        request.keyPrefix,
        request.limit,
      );
      const result: StatusSweepResult = { processed: 0, handOver: [], pending: 0 };
      const governor = new LaneGovernor(learnedLanes);
      await inLanes(
        awaiting,
        async (message) => {
          const status = await patiently(async () => {
            await throttle(message.ioServiceId as string, (waitMs) => governor.observe(waitMs));
            return appIo.status(
              message.ioServiceId as string,
              message.fiscalCode,
              message.ioMessageId as string,
            );
          });
          if (status === undefined) return;
          await notifications.recordIoStatus(message.id, status);
          if (status === 'PROCESSED') {
            await notifications.complete(message.id, { channel: 'io', status: 'processed' });
            result.processed += 1;
          } else if (status === 'REJECTED' || status === 'FAILED') {
            result.handOver.push(inputOf(message));
          }
        },
        governor,
        heartbeat,
      );
      result.pending = await notifications.countAwaitingIoStatus(request.enteCode, request.keyPrefix);
      return result;
    },
  };
}

/** A read that got no answer (the adapter throws a plain error): retried like a 5xx. */
function isIoReadFailure(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('App IO ');
}

/**
 * The request a message's own workflow needs to take it over: its record exists, so the workflow
 * finds it by the idempotency key and goes on from where it stands (the content is not used again).
 */
function inputOf(message: MessageRecord): MessageInput {
  return {
    enteCode: message.enteCode,
    ...(message.serviceCode === null ? {} : { serviceCode: message.serviceCode }),
    fiscalCode: message.fiscalCode,
    locale: message.locale,
    content: { subject: message.subject ?? '', markdown: message.markdown ?? '' },
    ...(message.email === null ? {} : { email: message.email }),
    ...(message.caseNumber === null ? {} : { caseNumber: message.caseNumber }),
    ...(message.noticeNumber === null ? {} : { noticeNumber: message.noticeNumber }),
    idempotencyKey: message.idempotencyKey,
    requestedBy: message.requestedBy,
  };
}

function toIoMessage(message: MessageRecord): IoNewMessage {
  const payment = message.paymentData;
  return {
    fiscal_code: message.fiscalCode,
    content: {
      subject: message.subject as string,
      markdown: message.markdown as string,
      // The last instant of the due date in Rome, as IO wants it (UTC).
      ...(payment?.dueDate
        ? { due_date: new Date(startOfNextCivilDayInRome(payment.dueDate).getTime() - 1000).toISOString() }
        : {}),
      ...(payment
        ? {
            payment_data: {
              amount: payment.amountCents,
              notice_number: payment.noticeNumber,
              payee: { fiscal_code: payment.payeeFiscalCode },
            },
          }
        : {}),
    },
  };
}
