import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_CLOSED_DATES, MAX_WEEKLY_OPENINGS } from '@sus/domain';

@InputType()
export class WeeklyOpeningInput {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday.' })
  @IsInt()
  weekday!: number;

  @Field({ description: 'HH:MM, Europe/Rome.' })
  @IsString()
  @MaxLength(5)
  opens!: string;

  @Field({ description: 'HH:MM, Europe/Rome (24:00 = midnight at the end of the day).' })
  @IsString()
  @MaxLength(5)
  closes!: string;
}

/** Checked whole by checkBookingCalendar (@sus/domain): errors name `calendar.<field>`. */
@InputType()
export class BookingCalendarInput {
  @Field(() => Int, { description: 'Length of a slot; every opening must divide into whole slots.' })
  @IsInt()
  slotMinutes!: number;

  @Field(() => [WeeklyOpeningInput])
  @IsArray()
  @ArrayMaxSize(MAX_WEEKLY_OPENINGS)
  @ValidateNested({ each: true })
  @Type(() => WeeklyOpeningInput)
  weekly!: WeeklyOpeningInput[];

  @Field(() => [String], { description: 'One-off closures, YYYY-MM-DD (Europe/Rome).' })
  @IsArray()
  @ArrayMaxSize(MAX_CLOSED_DATES)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  closedOn!: string[];

  @Field({ description: "Closed on national holidays and the ente's own." })
  @IsBoolean()
  closedOnHolidays!: boolean;
}

/** Creates the resource with this code, or replaces its fields. */
@InputType()
export class SaveBookingResourceInput {
  @Field({ description: 'Unique in the ente: 1-50 letters, digits or _ . -' })
  @IsString()
  @MaxLength(50)
  code!: string;

  @Field()
  @IsString()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @Field(() => BookingCalendarInput)
  @ValidateNested()
  @Type(() => BookingCalendarInput)
  calendar!: BookingCalendarInput;

  @Field(() => Boolean, { nullable: true, description: 'Default true for a new resource; omitted keeps it.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}
