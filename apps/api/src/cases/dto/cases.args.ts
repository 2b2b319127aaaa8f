import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_STATUSES } from '@sus/domain';
import { PageArgs } from '../../pagination/page-info.model';
import { CaseStatus } from '../models/case.model';

@ArgsType()
export class CasesArgs extends PageArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => [CaseStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsIn(CASE_STATUSES, { each: true })
  status?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  procedureCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the case number or applicant name, or a fiscal code.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'Received on or after (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  receivedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Received on or before (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  receivedTo?: string | null;
}

@ArgsType()
export class TasksArgs extends PageArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field({ defaultValue: false, description: 'Only the tasks I claimed.' })
  mine!: boolean;

  @Field({ defaultValue: false, description: 'Also the done and cancelled ones.' })
  includeClosed!: boolean;
}
