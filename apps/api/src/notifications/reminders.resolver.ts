import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@sus/catalog';
import { permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { ConfigureRemindersInput } from './dto/configure-reminders.input';
import { EnteRemindersArgs, ImportIdentityDocumentsArgs, PauseRemindersArgs } from './dto/reminders.args';
import { IdentityDocumentImportReport } from './models/identity-document-import-report.model';
import { ReminderSchedule } from './models/reminder-schedule.model';
import { RemindersService } from './reminders.service';

@Resolver(() => ReminderSchedule)
export class RemindersResolver {
  constructor(private readonly service: RemindersService) {}

  @Mutation(() => IdentityDocumentImportReport, {
    description:
      "Imports an extract of the ente's population register (identity cards and their expiry dates): valid " +
      'lines are written, idempotently by document number; every problem of every other line is reported.',
  })
  @Allow(permitted('messages:send', { ente: 'enteCode' }))
  async importIdentityDocuments(
    @Ctx() ctx: RequestContext,
    @Args() args: ImportIdentityDocumentsArgs,
  ): Promise<IdentityDocumentImportReport> {
    const report = await this.service.importDocuments(ctx, args.enteCode, args.csv);
    return { ...report, rejectedCount: new Set(report.rejected.map((rejection) => rejection.line)).size };
  }

  @Query(() => ReminderSchedule, {
    nullable: true,
    description: "The ente's identity-card expiry reminders; null when they are not configured.",
  })
  @Allow(permitted('messages:send', { ente: 'enteCode' }), permitted('messages:read', { ente: 'enteCode' }))
  async reminderSchedule(
    @Ctx() ctx: RequestContext,
    @Args() args: EnteRemindersArgs,
  ): Promise<ReminderSchedule | null> {
    return this.service.schedule(ctx, args.enteCode);
  }

  @Mutation(() => ReminderSchedule, {
    description:
      "Turns on or changes the ente's identity-card expiry reminders (thresholds, sending service, booking " +
      'link) and creates its daily Schedule.',
  })
  @Allow(permitted('ente:admin', { ente: 'input.enteCode' }))
  async configureReminders(
    @Ctx() ctx: RequestContext,
    @Args('input') input: ConfigureRemindersInput,
  ): Promise<ReminderSchedule> {
    return this.service.configure(ctx, input);
  }

  @Mutation(() => ReminderSchedule, {
    description: "Pauses the ente's reminders: no run sends anything until they are resumed.",
  })
  @Allow(permitted('messages:send', { ente: 'enteCode' }))
  async pauseReminders(
    @Ctx() ctx: RequestContext,
    @Args() args: PauseRemindersArgs,
  ): Promise<ReminderSchedule> {
    return this.service.pause(ctx, args.enteCode, args.note ?? null);
  }

  @Mutation(() => ReminderSchedule, {
    description:
      'Resumes paused reminders; the next run sends what is still due (a missed 90-day reminder only while ' +
      'the card is more than 30 days from expiry).',
  })
  @Allow(permitted('messages:send', { ente: 'enteCode' }))
  async resumeReminders(
    @Ctx() ctx: RequestContext,
    @Args() args: EnteRemindersArgs,
  ): Promise<ReminderSchedule> {
    return this.service.resume(ctx, args.enteCode);
  }
}
