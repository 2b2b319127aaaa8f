import { ArgsType, Field } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TASK_OUTCOMES, TaskOutcome } from '../models/case.model';
import { CaseRefArgs } from './case-ref.args';

@ArgsType()
export class WithdrawCaseArgs extends CaseRefArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

@ArgsType()
export class CancelCaseArgs extends CaseRefArgs {
  @Field({ description: 'Why the office closes the case (a duplicate, an error): the citizen reads it.' })
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

@ArgsType()
export class TaskRefArgs extends CaseRefArgs {
  @Field({ description: 'The staffTask step.' })
  @Matches(/^[a-z][a-zA-Z0-9-]{0,62}$/, { message: 'Not a step id.' })
  stepId!: string;
}

@ArgsType()
export class DecideTaskArgs extends TaskRefArgs {
  @Field(() => TaskOutcome)
  @IsIn(TASK_OUTCOMES)
  outcome!: (typeof TASK_OUTCOMES)[number];

  @Field(() => String, { nullable: true, description: 'Required except to approve: the citizen reads it.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  reason?: string | null;
}
