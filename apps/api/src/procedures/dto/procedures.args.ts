import { ArgsType, Field } from '@nestjs/graphql';
import { PageArgs } from '../../pagination/page-info.model';
import { IsString, MaxLength } from 'class-validator';

@ArgsType()
export class ProceduresArgs extends PageArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;
}
