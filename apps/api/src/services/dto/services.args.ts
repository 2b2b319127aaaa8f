import { ArgsType, Field } from '@nestjs/graphql';
import { PageArgs } from '../../pagination/page-info.model';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Channel, InteractivityLevel } from '../models/service.model';

@ArgsType()
export class ServicesArgs extends PageArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => Channel, { nullable: true })
  @IsOptional()
  @IsEnum(Channel)
  channel?: Channel | null;

  @Field(() => InteractivityLevel, { nullable: true })
  @IsOptional()
  @IsEnum(InteractivityLevel)
  interactivity?: InteractivityLevel | null;

  @Field(() => String, { nullable: true, description: 'A pagoPA taxonomy code, e.g. 9/0104102TS/.' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  taxonomy?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only services open (true) or closed (false) to voluntary payments.',
  })
  @IsOptional()
  @IsBoolean()
  voluntary?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Italian full-text search on name and description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}
