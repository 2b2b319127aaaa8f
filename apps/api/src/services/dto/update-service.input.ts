import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Channel, InteractivityLevel, PaymentMode } from '../models/service.model';

@InputType()
export class ContactPointInput {
  @Field(() => Channel)
  @IsEnum(Channel)
  kind!: Channel;

  @Field()
  @IsString()
  @MaxLength(300)
  value!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string | null;
}

@InputType()
export class FeeInput {
  @Field()
  @IsString()
  @MaxLength(300)
  description!: string;

  @Field(() => Int, { description: 'Euro cents, at least 1.' })
  @IsInt()
  amountCents!: number;
}

@InputType()
export class AccountingReferenceInput {
  @Field({ description: 'Capitolo di entrata.' })
  @IsString()
  @MaxLength(30)
  chapter!: string;

  @Field(() => String, { nullable: true, description: 'Accertamento.' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  assessment?: string | null;
}

/** Omitted fields keep their value; lists given replace the whole list. */
@InputType()
export class UpdateServiceInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [Channel], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(Channel, { each: true })
  channels?: Channel[] | null;

  @Field(() => InteractivityLevel, { nullable: true })
  @IsOptional()
  @IsEnum(InteractivityLevel)
  interactivityLevel?: InteractivityLevel | null;

  @Field(() => String, { nullable: true, description: 'Free text; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  availability?: string | null;

  @Field(() => [String], { nullable: true, description: 'Checked against the official pagoPA taxonomy.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  taxonomyCodes?: string[] | null;

  @Field(() => [ContactPointInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactPointInput)
  contactPoints?: ContactPointInput[] | null;

  @Field(() => PaymentMode, { nullable: true, description: 'null: the service does not collect.' })
  @IsOptional()
  @IsEnum(PaymentMode)
  paymentMode?: PaymentMode | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  voluntary?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  pagopaActive?: boolean | null;

  @Field(() => [FeeInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FeeInput)
  fees?: FeeInput[] | null;

  @Field(() => [AccountingReferenceInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AccountingReferenceInput)
  accountingReferences?: AccountingReferenceInput[] | null;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  appIoServiceId?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  appIoPublished?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: "Code of one of the ente's procedures; null unlinks it.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  procedureCode?: string | null;
}
