import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { ConclusionType, StartType, TermKind } from '../models/procedure.model';

/** Fields given become the ente's overrides; omitted fields keep following the template. */
@InputType()
export class UpdateProcedureInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectArea?: string | null;

  @Field(() => StartType, { nullable: true })
  @IsOptional()
  @IsEnum(StartType)
  startType?: StartType | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  legislation?: string[] | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  termDays?: number | null;

  @Field(() => TermKind, { nullable: true })
  @IsOptional()
  @IsEnum(TermKind)
  termKind?: TermKind | null;

  @Field(() => ConclusionType, { nullable: true })
  @IsOptional()
  @IsEnum(ConclusionType)
  conclusionType?: ConclusionType | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  transparencyNotice?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  deadlines?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Code of one of the ente’s org units; null clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  responsibleUnitCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Id of a substitutePowerHolder role holder of the ente.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  substitutePowerHolderId?: string | null;
}
