import { ArgsType, Field } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { CaseRefArgs } from './case-ref.args';

@ArgsType()
export class BookSlotArgs extends CaseRefArgs {
  @Field({ description: 'YYYY-MM-DD, Europe/Rome.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'A date is YYYY-MM-DD.' })
  date!: string;

  @Field({ description: 'HH:MM, Europe/Rome, as availableSlots lists it.' })
  @Matches(/^\d{2}:\d{2}$/, { message: 'A time is HH:MM.' })
  start!: string;
}

@ArgsType()
export class AvailableSlotsArgs extends CaseRefArgs {}
