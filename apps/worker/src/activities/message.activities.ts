import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/activity';
import {
  checkMessageText,
  DomainError,
  renderMessage,
  startOfNextCivilDayInRome,
  type MessageText,
} from '@sus/domain';
import type { MessageRecord, MessageRecordStatus, NotificationRepository } from '@sus/catalog';
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
  /** Waits for this request's slot under the key's limit; a long wait becomes a Temporal retry instead. */
  async function throttle(ioServiceId: string): Promise<void> {
    if (ioRatePerSecond <= 0) return;
    const wait = await notifications.takeIoToken(ioServiceId, ioRatePerSecond);
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

  return {
    /**
     * Renders and checks the message and creates its delivery record (once per ente and
     * idempotency key). A message IO would refuse (length limits, a missing template variable)
     * is recorded `invalid` and never sent.
     */
    async prepareMessage(input: MessageInput): Promise<PreparedMessage> {
      const sender = await notifications.resolveSender(input.enteCode, input.serviceCode);
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
        status: failure === undefined ? 'pending' : 'invalid',
        ...(failure === undefined ? {} : { failure }),
      });
      const outcome = outcomeOf(message);
      if (outcome) return { messageId: message.id, outcome };
      return { messageId: message.id, ioServiceId: message.ioServiceId, hasEmail: message.email !== null };
    },

    async checkIoProfile(messageId: string): Promise<IoProfile> {
      const message = await notifications.getMessage(messageId);
      if (message.profile) return message.profile;
      const serviceId = message.ioServiceId as string;
      await throttle(serviceId);
      const profile = await appIo.profile(serviceId, message.fiscalCode);
      await notifications.recordProfile(messageId, profile);
      return profile;
    },

    /**
     * Sends the message to IO at most once. The in-flight mark is committed before the request
     * leaves; an attempt that finds it (the previous one lost IO's answer, or its worker died
     * mid-call) cannot tell whether IO stored the message, and IO offers neither an idempotency
     * key nor a look-up without the id, so it reports `unconfirmed` rather than risk a duplicate.
     */
    async submitIoMessage(messageId: string): Promise<IoSubmitResult> {
      const message = await notifications.getMessage(messageId);
      const serviceId = message.ioServiceId as string;
      await throttle(serviceId);
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
