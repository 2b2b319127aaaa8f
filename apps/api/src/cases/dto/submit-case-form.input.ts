import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

@InputType({ description: 'One answer of a form, by field key (e.g. spouse1.fiscalCode).' })
export class CaseFieldInput {
  @Field()
  @Matches(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/, { message: 'A field key is dotted camelCase.' })
  @MaxLength(100)
  key!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The value as text: numbers as digits, money in cents, dates YYYY-MM-DD, true/false.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  value!: string | null;
}

@InputType()
export class SubmitCaseFormInput {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field()
  @Matches(/^\d{4}-\d{6}$/, { message: 'A case number looks like 2026-000123.' })
  caseNumber!: string;

  @Field({ description: 'The form step (or, when asked for information, the task step) answered.' })
  @Matches(/^[a-z][a-zA-Z0-9-]{0,62}$/, { message: 'Not a step id.' })
  stepId!: string;

  @Field(() => [CaseFieldInput])
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CaseFieldInput)
  fields!: CaseFieldInput[];
}
