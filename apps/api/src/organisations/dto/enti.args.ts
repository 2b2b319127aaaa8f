import { ArgsType, Field } from '@nestjs/graphql';
import { PageArgs } from '../../pagination/page-info.model';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { EnteType } from '../models/ente.model';

@ArgsType()
export class EntiArgs extends PageArgs {
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
