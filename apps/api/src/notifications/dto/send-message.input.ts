import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

@InputType()
export class MessageVariableInput {
  @Field()
  @Matches(/^[A-Za-z][A-Za-z0-9_.]{0,63}$/, {
    message: 'a variable name is a letter, then letters, digits, _ or .',
  })
  name!: string;

  @Field()
  @IsString()
  @MaxLength(2000)
  value!: string;
}

@InputType({ description: 'The notice a message carries: App IO shows a button to pay it.' })
export class MessagePaymentDataInput {
  @Field({ description: 'The 18-digit notice number.' })
  @Matches(/^[0-3][0-9]{17}$/, { message: 'noticeNumber must be the 18-digit notice number' })
  noticeNumber!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(9_999_999_999)
  amountCents!: number;

  @Field({ description: 'The creditor ente’s 11-digit fiscal code.' })
  @Matches(/^[0-9]{11}$/, { message: 'payeeFiscalCode must be 11 digits' })
  payeeFiscalCode!: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD, Europe/Rome.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate?: string;
}

@InputType({ description: 'Give subject and markdown, or a templateKey with its variables.' })
export class SendMessageInput {
  @Field({ description: 'IPA code of the sending ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field({
    nullable: true,
    description: "The ente's service whose App IO service sends it; absent: the ente's.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string;

  @Field({ description: "The citizen's codice fiscale." })
  @IsString()
  @Length(16, 16)
  fiscalCode!: string;

  @Field({
    nullable: true,
    description: 'Where the e-mail fallback goes when App IO cannot reach the citizen.',
  })
  @IsOptional()
  @IsEmail()
  email?: string;

  @Field({ nullable: true, description: "'it' (default) or 'en'." })
  @IsOptional()
  @IsIn(['it', 'en'])
  locale?: 'it' | 'en';

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  markdown?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  templateKey?: string;

  @Field(() => [MessageVariableInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MessageVariableInput)
  variables?: MessageVariableInput[];

  @Field(() => MessagePaymentDataInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MessagePaymentDataInput)
  paymentData?: MessagePaymentDataInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseNumber?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[0-3][0-9]{17}$/, { message: 'noticeNumber must be the 18-digit notice number' })
  noticeNumber?: string;

  @Field({ description: 'Repeating it never sends twice: the same delivery is answered.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/, {
    message: 'idempotencyKey is 1–200 letters, digits and _ . : / -',
  })
  idempotencyKey!: string;
}
