import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "An ente's identity-card (CIE) expiry reminders: its thresholds, whether they are paused, the daily " +
    "Schedule's next and last run, and what was sent.",
})
export class ReminderSchedule {
  @Field()
  enteCode!: string;

  @Field({
    description: 'The Temporal Schedule that runs the reminders every day (cie-reminders/<enteCode>).',
  })
  scheduleId!: string;

  @Field(() => [Int], { description: 'Days before expiry a reminder goes out, most distant first.' })
  thresholds!: number[];

  @Field(() => String, {
    nullable: true,
    description: "The ente's CIE service: its App IO service sends the reminders.",
  })
  serviceCode!: string | null;

  @Field({ description: 'Where the reminder sends the citizen to book the new card.' })
  bookingUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: "The ente's bookable resource (e.g. UFFICIO-CIE) the booking link opens on.",
  })
  bookingResourceCode!: string | null;

  @Field({ description: 'Paused reminders send nothing; on resuming, what is still true is sent.' })
  paused!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the reminders were paused.' })
  pauseNote!: string | null;

  @Field({ description: 'False while the Schedule is not on Temporal yet (the worker creates it at start).' })
  scheduled!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the Schedule runs next (none while paused).' })
  nextRunAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the Schedule last started a run.' })
  lastRunAt!: Date | null;

  @Field(() => Int, { description: "Identity cards in the ente's imported register extract." })
  documents!: number;

  @Field(() => Int, { description: 'Reminders handed to App IO (or the e-mail fallback) so far.' })
  remindersSent!: number;

  @Field(() => Date, { nullable: true })
  lastReminderAt!: Date | null;

  @Field()
  updatedAt!: Date;
}
