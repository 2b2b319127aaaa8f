import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { EnteType } from '../models/ente.model';

@InputType()
export class IbanAccountInput {
  @Field({ description: 'Spaces allowed; stored without.' })
  @IsString()
  @MaxLength(50)
  iban!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string | null;

  @Field({ description: 'Exactly one account of the ente is the default.' })
  @IsBoolean()
  isDefault!: boolean;

  @Field(() => String, { nullable: true, description: 'Reserve the account to one service (multi-IBAN).' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string | null;
}

/** Creates or updates by IPA code; on update, omitted optional fields keep their value, null clears. */
@InputType()
export class SaveEnteInput {
  @Field({ description: 'Codice IPA, e.g. c_l424.' })
  @IsString()
  @MaxLength(30)
  ipaCode!: string;

  @Field(() => EnteType)
  @IsEnum(EnteType)
  type!: EnteType;

  @Field()
  @IsString()
  @MaxLength(200)
  name!: string;

  @Field({ description: '11 digits, check digit verified.' })
  @IsString()
  @MaxLength(20)
  fiscalCode!: string;

  @Field(() => String, {
    nullable: true,
    description: 'IPA code of the region (required for comuni and unioni).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  regionCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  segregationCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  applicationCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  cbillCode?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  appIoServiceIds?: string[] | null;

  @Field(() => [IbanAccountInput], {
    nullable: true,
    description: 'The whole set of accounts; omit to keep them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IbanAccountInput)
  ibanAccounts?: IbanAccountInput[] | null;
}
