import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { isIoFiscalCode } from './fiscal-code';
import { inboxIndexPage, inboxPage } from './inbox/inbox-page';
import { MessagesService } from './messages/messages.service';
import { ProfilesService } from './profiles/profiles.service';
import { validated } from '../control/validated';
import { IoServicesService } from './services/io-services.service';

function fiscalCodeOf(value: string): string {
  if (!isIoFiscalCode(value))
    throw new BadRequestException(`${value} is not a fiscal code as IO accepts them.`);
  return value;
}

/**
 * Test and operator controls of the imitated App IO: what the IO back office and the citizens'
 * apps would hold (services and keys, profiles and preferences), how messages are processed, and
 * what each citizen received. Never part of the contract.
 */
@Controller('__sandbox/io')
export class IoControlController {
  constructor(
    private readonly services: IoServicesService,
    private readonly profiles: ProfilesService,
    private readonly messages: MessagesService,
  ) {}

  @Get('services')
  listServices() {
    return this.services.list();
  }

  @Put('services/:serviceId')
  putService(@Param('serviceId') serviceId: string, @Body() body: object | undefined) {
    return validated(() => this.services.upsert({ ...(body ?? {}), serviceId }));
  }

  @Get('profiles')
  listProfiles() {
    return this.profiles.list();
  }

  @Get('profiles/:fiscalCode')
  getProfile(@Param('fiscalCode') fiscalCode: string) {
    const profile = this.profiles.get(fiscalCodeOf(fiscalCode));
    if (profile === undefined) throw new NotFoundException(`${fiscalCode} is not on IO.`);
    return profile;
  }

  /** Puts the citizen on IO, or changes the given fields of their profile. */
  @Put('profiles/:fiscalCode')
  putProfile(@Param('fiscalCode') fiscalCode: string, @Body() body: unknown) {
    return validated(() => this.profiles.upsert(fiscalCodeOf(fiscalCode), body));
  }

  /** The citizen leaves IO: profile look-ups answer 404 from now on. */
  @Delete('profiles/:fiscalCode')
  @HttpCode(204)
  deleteProfile(@Param('fiscalCode') fiscalCode: string): void {
    if (!this.profiles.remove(fiscalCodeOf(fiscalCode)))
      throw new NotFoundException(`${fiscalCode} is not on IO.`);
  }

  /** Every message the imitated IO holds, newest first, with status history and content key. */
  @Get('messages')
  listMessages(@Query('fiscalCode') fiscalCode?: string, @Query('serviceId') serviceId?: string) {
    return this.messages.list({ fiscalCode, serviceId });
  }

  /** The citizen opens the message in the app: `read_status` READ for ADVANCED messages. */
  @Post('messages/:id/read')
  @HttpCode(200)
  markRead(@Param('id') id: string) {
    const message = this.messages.markRead(id);
    if (message === undefined) throw new NotFoundException(`No message ${id}.`);
    return message;
  }

  @Get('delivery')
  delivery() {
    return this.messages.currentSettings();
  }

  @Put('delivery')
  configureDelivery(@Body() body: object | undefined) {
    return validated(() => this.messages.configure(body ?? {}));
  }

  @Get('inbox')
  @Header('content-type', 'text/html; charset=utf-8')
  inboxes(): string {
    const counts = new Map<string, number>();
    for (const message of this.messages.list())
      counts.set(message.fiscalCode, (counts.get(message.fiscalCode) ?? 0) + 1);
    return inboxIndexPage(this.profiles.list(), counts);
  }

  @Get('inbox/:fiscalCode')
  @Header('content-type', 'text/html; charset=utf-8')
  inbox(@Param('fiscalCode') fiscalCode: string): string {
    const code = fiscalCode.toUpperCase();
    return inboxPage(code, this.profiles.get(code), this.messages.list({ fiscalCode: code }));
  }
}
