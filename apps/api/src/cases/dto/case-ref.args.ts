import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A case is named by its ente and its number (numbers count per ente and year). */
@ArgsType()
export class CaseRefArgs {
  @Field({ description: 'IPA code of the ente, e.g. c_l424.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field({ description: 'e.g. 2026-000123.' })
  @Matches(/^\d{4}-\d{6}$/, { message: 'A case number looks like 2026-000123.' })
  caseNumber!: string;
}
