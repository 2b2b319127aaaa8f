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
import { ConceptType } from '../models/concept.model';

@InputType()
export class ConceptValidationInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  minLength?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  maxLength?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pattern?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  minValue?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  maxValue?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  minDate?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  maxDate?: string | null;
}

/** Creates the concept or changes its latest version (see saveConcept). */
@InputType()
export class SaveConceptInput {
  @Field({ description: 'e.g. spouse.fiscalCode' })
  @IsString()
  @MaxLength(100)
  code!: string;

  @Field(() => ConceptType)
  @IsEnum(ConceptType)
  type!: ConceptType;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  enumValues?: string[] | null;

  @Field(() => ConceptValidationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConceptValidationInput)
  validation?: ConceptValidationInput | null;

  @Field()
  @IsBoolean()
  sensitive!: boolean;

  @Field()
  @IsString()
  @MaxLength(200)
  labelIt!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  labelEn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  helpIt?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  helpEn?: string | null;
}
