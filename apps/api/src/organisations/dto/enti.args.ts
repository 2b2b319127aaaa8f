import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EnteType } from '../models/ente.model';

@ArgsType()
export class EntiArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @Min(1)
  @Max(100)
  first = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string | null;

  @Field(() => EnteType, { nullable: true })
  @IsOptional()
  @IsEnum(EnteType)
  type?: EnteType | null;

  @Field(() => String, { nullable: true, description: 'IPA code of a region: only its enti.' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  regionCode?: string | null;
}
