import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  NotificationRepository,
  type MessageRecord,
  type MessageTemplateRecord,
  type RequestContext,
} from '@sus/catalog';
import { catalogWriters, citizen, permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { MessagesArgs } from './dto/messages.args';
import { SaveMessageTemplateInput } from './dto/save-message-template.input';
import { SendMessageInput } from './dto/send-message.input';
import { MessageDelivery } from './models/message-delivery.model';
import { MessageTemplate } from './models/message-template.model';
import { NotificationsService } from './notifications.service';

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));

function toDelivery(record: MessageRecord): MessageDelivery {
  return {
    id: record.id,
    enteCode: record.enteCode,
    serviceCode: record.serviceCode,
    fiscalCode: record.fiscalCode,
    caseNumber: record.caseNumber,
    noticeNumber: record.noticeNumber,
    idempotencyKey: record.idempotencyKey,
    subject: record.subject,
    channel: record.channel,
    status: record.status,
    ioProfile: record.profile,
    ioStatus: record.ioStatus,
    attempts: record.attempts,
    failure: record.failure,
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
    submittedAt: date(record.submittedAt),
    emailedAt: date(record.emailedAt),
    completedAt: date(record.completedAt),
  };
}

function toTemplate(record: MessageTemplateRecord): MessageTemplate {
  return {
    id: record.id,
    enteCode: record.enteCode,
    serviceCode: record.serviceCode,
    eventKey: record.eventKey,
    subjectIt: record.text.it.subject,
    markdownIt: record.text.it.markdown,
    subjectEn: record.text.en?.subject ?? null,
    markdownEn: record.text.en?.markdown ?? null,
    updatedAt: new Date(record.updatedAt),
  };
}

@Resolver(() => MessageDelivery)
export class NotificationsResolver {
  constructor(
    private readonly service: NotificationsService,
    private readonly repository: NotificationRepository,
  ) {}

  @Mutation(() => MessageDelivery, {
    description:
      'Sends an App IO message (e-mail when IO cannot reach the citizen) and answers its delivery record; ' +
      'repeating the idempotency key answers the same delivery and sends nothing.',
  })
  @Allow(permitted('messages:send', { ente: 'input.enteCode' }))
  async sendMessage(
    @Ctx() ctx: RequestContext,
    @Args('input') input: SendMessageInput,
  ): Promise<MessageDelivery> {
    return toDelivery(await this.service.send(ctx, input));
  }

  @Query(() => [MessageDelivery], {
    description: "An ente's messages, newest first (at most 100), by case, notice or citizen.",
  })
  @Allow(permitted('messages:read', { ente: 'enteCode' }))
  async messages(@Ctx() ctx: RequestContext, @Args() args: MessagesArgs): Promise<MessageDelivery[]> {
    return (await this.service.list(ctx, args)).map(toDelivery);
  }

  @Query(() => [MessageDelivery], { description: "The signed-in citizen's own messages, newest first." })
  @Allow(citizen)
  async myMessages(@Ctx() ctx: RequestContext): Promise<MessageDelivery[]> {
    if (ctx.actor.kind !== 'citizen') return [];
    return (await this.repository.listMessages({ fiscalCode: ctx.actor.fiscalCode })).map(toDelivery);
  }

  @Query(() => [MessageTemplate], { description: "An ente's message templates, by event." })
  @Allow(
    permitted('messages:send', { ente: 'enteCode' }),
    permitted('messages:read', { ente: 'enteCode' }),
    ...catalogWriters('enteCode'),
  )
  async messageTemplates(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
  ): Promise<MessageTemplate[]> {
    return (await this.service.templates(ctx, enteCode)).map(toTemplate);
  }

  @Mutation(() => MessageTemplate, {
    description: 'Creates or replaces the template of an event of the ente or one of its services.',
  })
  @Allow(...catalogWriters('input.enteCode'))
  async saveMessageTemplate(
    @Ctx() ctx: RequestContext,
    @Args('input') input: SaveMessageTemplateInput,
  ): Promise<MessageTemplate> {
    return toTemplate(await this.service.saveTemplate(ctx, input));
  }
}
