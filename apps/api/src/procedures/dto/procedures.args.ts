import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

@ArgsType()
export class ProceduresArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @Min(1)
  @Max(100)
  first = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string | null;
}
