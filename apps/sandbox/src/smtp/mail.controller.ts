import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { mailPage } from './mail-page';
import { MailStore } from './mail-store';
import { SmtpCatchAll } from './smtp-catch-all';

/** The catch-all's inbox: every e-mail received, for people (HTML) and tests (JSON). */
@Controller('__sandbox/mail')
export class MailController {
  constructor(
    private readonly store: MailStore,
    private readonly smtp: SmtpCatchAll,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(@Query('to') to?: string): string {
    return mailPage(this.store.list(to), this.smtp.listening, to);
  }

  /** Where the SMTP server listens (useful when SANDBOX_SMTP_PORT is 0); `listening: false` when it could not start. */
  @Get('server')
  server() {
    const listening = this.smtp.listening;
    return listening === undefined ? { listening: false } : { listening: true, ...listening };
  }

  @Get('messages')
  messages(@Query('to') to?: string) {
    return this.store.list(to);
  }

  @Get('messages/:id/raw')
  raw(@Param('id') id: string, @Res() reply: FastifyReply): void {
    const raw = this.store.raw(id);
    if (raw === undefined) throw new NotFoundException(`No e-mail ${id}.`);
    void reply.type('message/rfc822').send(raw);
  }
}
