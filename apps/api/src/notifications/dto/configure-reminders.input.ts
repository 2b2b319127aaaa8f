import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

@InputType({ description: "Turns on (or changes) an ente's identity-card expiry reminders." })
export class ConfigureRemindersInput {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => [Int], {
    nullable: true,
    description: 'Days before expiry a reminder goes out (1–180, at most 4); default 90 and 30.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  thresholds?: number[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The ente's CIE service (its App IO service sends); default: the ente's service CIE if it has one.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Where citizens book the new card, when not on SUS's booking page (an https address).",
  })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(500)
  bookingUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The ente's bookable resource for the new card, whose free slots SUS's booking page opens on; " +
      "default: the ente's resource UFFICIO-CIE if it has one; null: none.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  bookingResourceCode?: string | null;
}
