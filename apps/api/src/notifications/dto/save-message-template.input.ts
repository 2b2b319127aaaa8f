import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@InputType()
export class SaveMessageTemplateInput {
  @Field()
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field({ nullable: true, description: "The service it is for; absent: the ente's default for the event." })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string;

  @Field({ description: 'The event it is sent on, e.g. payment.notice, payment.receipt, case.concluded.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, { message: 'eventKey is letters, digits and _ . -' })
  eventKey!: string;

  @Field()
  @IsString()
  @MaxLength(120)
  subjectIt!: string;

  @Field()
  @IsString()
  @MaxLength(10_000)
  markdownIt!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  subjectEn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  markdownEn?: string;
}
