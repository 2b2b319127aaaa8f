import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  CatalogError,
  checkRecord,
  EntiService,
  NotificationRepository,
  type MessageRecord,
  type MessageTemplateRecord,
  type RequestContext,
} from '@sus/catalog';
import {
  messageWorkflowId,
  messageWorkflowType,
  type MessageInput,
  type MessageWorkflow,
} from '@sus/contracts';
import {
  accountReference,
  assertCan,
  checkMessageText,
  checkTemplateText,
  isValidFiscalCode,
  renderMessage,
  type MessageText,
} from '@sus/domain';
import { TemporalGateway } from '../temporal/temporal.module';
import type { MessagesArgs } from './dto/messages.args';
import type { SaveMessageTemplateInput } from './dto/save-message-template.input';
import type { SendMessageInput } from './dto/send-message.input';

/** Idempotency keys the platform's own workflows use (the procedure engine, payments): not the api's to take. */
const RESERVED_KEY_PREFIXES = ['case/', 'payment/', 'cie-reminder/'];

@Injectable()
export class NotificationsService {
  constructor(
    private readonly enti: EntiService,
    private readonly notifications: NotificationRepository,
    private readonly temporal: TemporalGateway,
  ) {}

  /**
   * Checks and renders the message, writes its delivery record (once per ente and idempotency
   * key) and hands it to its workflow. Anything IO would refuse is refused here, before anything
   * is written or sent; a repeated request answers the first delivery and sends nothing.
   */
  async send(ctx: RequestContext, input: SendMessageInput): Promise<MessageRecord> {
    const ente = await this.enti.getByCode(ctx, input.enteCode);
    assertCan(ctx, 'messages:send', ente.ipaCode);
    const fiscalCode = input.fiscalCode.trim().toUpperCase();
    if (!isValidFiscalCode(fiscalCode)) {
      throw new CatalogError('INVALID_FISCAL_CODE', 'The citizen fiscal code is not valid.', 'fiscalCode');
    }
    if (RESERVED_KEY_PREFIXES.some((prefix) => input.idempotencyKey.startsWith(prefix))) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `Idempotency keys starting with ${RESERVED_KEY_PREFIXES.join(' or ')} are the platform's own; choose another.`,
        'idempotencyKey',
      );
    }
    const existing = await this.notifications.findByIdempotencyKey(ente.ipaCode, input.idempotencyKey);
    if (existing) {
      await this.start(this.workflowInput(input, ente.ipaCode, fiscalCode, existing, ctx));
      return existing;
    }
    const text = await this.render(ente.ipaCode, input);
    const sender = await this.notifications.resolveSender(ente.ipaCode, input.serviceCode);
    const { message } = await this.notifications.createMessage({
      enteCode: ente.ipaCode,
      ...(input.serviceCode ? { serviceCode: input.serviceCode } : {}),
      ioServiceId: sender.ioServiceId,
      fiscalCode,
      ...(input.email ? { email: input.email } : {}),
      locale: input.locale ?? 'it',
      ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
      ...(input.noticeNumber ? { noticeNumber: input.noticeNumber } : {}),
      idempotencyKey: input.idempotencyKey,
      requestedBy: accountReference(ctx.actor) ?? 'unknown',
      ...text,
      ...(input.paymentData ? { paymentData: input.paymentData } : {}),
      status: 'pending',
    });
    await this.start(this.workflowInput(input, ente.ipaCode, fiscalCode, message, ctx));
    return message;
  }

  async list(ctx: RequestContext, args: MessagesArgs): Promise<MessageRecord[]> {
    const ente = await this.enti.getByCode(ctx, args.enteCode);
    assertCan(ctx, 'messages:read', ente.ipaCode);
    return this.notifications.listMessages({
      enteCode: ente.ipaCode,
      ...(args.caseNumber ? { caseNumber: args.caseNumber } : {}),
      ...(args.noticeNumber ? { noticeNumber: args.noticeNumber } : {}),
      ...(args.fiscalCode ? { fiscalCode: args.fiscalCode.trim().toUpperCase() } : {}),
    });
  }

  async templates(ctx: RequestContext, enteCode: string): Promise<MessageTemplateRecord[]> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    return this.notifications.listTemplates(ente.ipaCode);
  }

  async saveTemplate(ctx: RequestContext, input: SaveMessageTemplateInput): Promise<MessageTemplateRecord> {
    const ente = await this.enti.getByCode(ctx, input.enteCode);
    assertCan(ctx, 'catalog:write', ente.ipaCode);
    if ((input.subjectEn === undefined) !== (input.markdownEn === undefined)) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        'Give both the English subject and markdown, or neither.',
        input.subjectEn === undefined ? 'subjectEn' : 'markdownEn',
      );
    }
    if (input.serviceCode) await this.notifications.resolveSender(ente.ipaCode, input.serviceCode);
    const text = checkRecord(() =>
      checkTemplateText({
        it: { subject: input.subjectIt, markdown: input.markdownIt },
        ...(input.subjectEn !== undefined && input.markdownEn !== undefined
          ? { en: { subject: input.subjectEn, markdown: input.markdownEn } }
          : {}),
      }),
    );
    return this.notifications.saveTemplate({
      enteCode: ente.ipaCode,
      serviceCode: input.serviceCode ?? null,
      eventKey: input.eventKey,
      text,
    });
  }

  private async render(enteCode: string, input: SendMessageInput): Promise<MessageText> {
    const written = input.subject !== undefined || input.markdown !== undefined;
    if (written === (input.templateKey !== undefined)) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        'Give either subject and markdown, or a templateKey with its variables.',
        written ? 'templateKey' : 'subject',
      );
    }
    if (written) {
      if (input.subject === undefined || input.markdown === undefined) {
        throw new CatalogError(
          'BAD_USER_INPUT',
          'A written message needs both subject and markdown.',
          input.subject === undefined ? 'subject' : 'markdown',
        );
      }
      const text = { subject: input.subject, markdown: input.markdown };
      return checkRecord(() => checkMessageText(text));
    }
    const template = await this.notifications.findTemplate(enteCode, input.serviceCode, input.templateKey!);
    if (!template) {
      throw new CatalogError(
        'NOT_FOUND',
        `Ente ${enteCode} has no message template "${input.templateKey}".`,
        'templateKey',
      );
    }
    const variables = Object.fromEntries((input.variables ?? []).map(({ name, value }) => [name, value]));
    return checkRecord(() => renderMessage(template.text, variables, input.locale ?? 'it'));
  }

  private workflowInput(
    input: SendMessageInput,
    enteCode: string,
    fiscalCode: string,
    message: MessageRecord,
    ctx: RequestContext,
  ): MessageInput {
    return {
      enteCode,
      ...(input.serviceCode ? { serviceCode: input.serviceCode } : {}),
      fiscalCode,
      locale: message.locale,
      // The delivery record already holds the rendered text; the workflow finds it by the key.
      content: { subject: message.subject ?? '', markdown: message.markdown ?? '' },
      ...(message.paymentData ? { paymentData: message.paymentData } : {}),
      ...(message.email ? { email: message.email } : {}),
      ...(message.caseNumber ? { caseNumber: message.caseNumber } : {}),
      ...(message.noticeNumber ? { noticeNumber: message.noticeNumber } : {}),
      idempotencyKey: message.idempotencyKey,
      requestedBy: accountReference(ctx.actor) ?? 'unknown',
    };
  }

  private async start(input: MessageInput): Promise<void> {
    const client = await this.temporal.client();
    try {
      await client.workflow.start<MessageWorkflow>(messageWorkflowType, {
        workflowId: messageWorkflowId(input.enteCode, input.idempotencyKey),
        taskQueue: this.temporal.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A closed delivery is never run again: its record already says what happened.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
