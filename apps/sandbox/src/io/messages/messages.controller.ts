import { Body, Controller, Get, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { IO_FISCAL_CODE } from '../fiscal-code';
import { IoCounters } from '../io-counters';
import { IoProblem, IoProblemFilter } from '../problem';
import { assertMayAddress } from '../profiles/profiles.controller';
import type { IoServiceSettings } from '../services/io-service-settings';
import { CallingService, IoSubscriptionKeyGuard } from '../services/io-subscription-key.guard';
import { externalMessageResponse } from './message.presenter';
import { MessagesService } from './messages.service';
import { newMessage } from './new-message';

const fiscalCode = z.string().regex(IO_FISCAL_CODE, 'is not a valid FiscalCode');

function pathFiscalCode(value: string): string {
  const parsed = fiscalCode.safeParse(value);
  if (!parsed.success) throw IoProblem.validation('Invalid FiscalCode', parsed.error);
  return parsed.data;
}

/**
 * IO Services API v1: `submitMessageforUserWithFiscalCodeInBody`, `submitMessageforUser` and
 * `getMessage`. A submission is answered 201 as soon as it is stored; whether the citizen is on
 * IO and allows the service is found out while processing (status REJECTED), as IO does.
 */
@Controller('api/v1/messages')
@UseGuards(IoSubscriptionKeyGuard)
@UseFilters(IoProblemFilter)
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly counters: IoCounters,
  ) {}

  @Post()
  submitWithFiscalCodeInBody(
    @Body() body: unknown,
    @CallingService() service: IoServiceSettings,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { id: string } {
    return this.submit(service, undefined, body, reply);
  }

  @Post(':fiscal_code')
  submitWithFiscalCodeInPath(
    @Param('fiscal_code') path: string,
    @Body() body: unknown,
    @CallingService() service: IoServiceSettings,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { id: string } {
    return this.submit(service, path, body, reply);
  }

  @Get(':fiscal_code/:id')
  get(
    @Param('fiscal_code') path: string,
    @Param('id') id: string,
    @CallingService() service: IoServiceSettings,
  ) {
    const message = this.messages.find(pathFiscalCode(path), id);
    if (message === undefined) {
      throw new IoProblem(
        404,
        'Message not found',
        'The message that you requested was not found in the system.',
      );
    }
    if (message.senderServiceId !== service.serviceId) {
      throw new IoProblem(
        403,
        'You are not allowed here',
        'You are not allowed to read this message, you can only read messages that you have sent',
      );
    }
    return externalMessageResponse(message);
  }

  private submit(
    service: IoServiceSettings,
    path: string | undefined,
    body: unknown,
    reply: FastifyReply,
  ): { id: string } {
    this.counters.increment('submitRequests', service.serviceId);
    const inPath = path === undefined ? undefined : pathFiscalCode(path);
    const parsed = newMessage.safeParse(body ?? {});
    if (!parsed.success) throw IoProblem.validation('Invalid NewMessage', parsed.error);
    const message = parsed.data;
    if (inPath !== undefined && message.fiscal_code !== undefined) {
      throw new IoProblem(
        400,
        'Bad parameters',
        'The fiscalcode parameter must be specified in the path or in the payload but not in both',
      );
    }
    const recipient = inPath ?? message.fiscal_code;
    if (recipient === undefined) {
      throw new IoProblem(
        400,
        'Bad parameters',
        'The fiscalcode parameter must be specified in the path or in the payload',
      );
    }
    assertMayAddress(service, recipient);
    if (message.feature_level_type === 'STANDARD' && message.content.third_party_data?.has_attachments) {
      throw new IoProblem(
        403,
        'Attachments call forbidden',
        'You are not allowed to send messages with attachments with STANDARD messages, please use ADVANCED',
      );
    }
    const amount = message.content.payment_data?.amount;
    if (amount !== undefined && amount > service.maxAllowedPaymentAmount) {
      throw new IoProblem(
        400,
        'Error while sending payment metadata',
        `The requested amount (${amount} cents) exceeds the maximum allowed for this service (${service.maxAllowedPaymentAmount} cents)`,
      );
    }
    const { id } = this.messages.submit(service, recipient, message);
    void reply.header('location', `/api/v1/messages/${recipient}/${id}`);
    return { id };
  }
}
