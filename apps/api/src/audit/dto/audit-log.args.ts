import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsOptional, Matches, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../graphql-limits/query-limits';

@ArgsType()
export class AuditLogArgs {
  @Field()
  @Matches(/^[a-z0-9_]{2,20}$/, { message: 'enteCode deve essere un codice IPA (es. c_l424)' })
  enteCode!: string;

  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'before deve essere un id di voce del registro' })
  before?: string;
}
