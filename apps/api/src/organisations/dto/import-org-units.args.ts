import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { OrgUnitImportFormat } from '../models/org-unit-import-report.model';

@ArgsType()
export class ImportOrgUnitsArgs {
  @Field({ description: 'IPA code of the ente whose tree is imported.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => OrgUnitImportFormat)
  @IsEnum(OrgUnitImportFormat)
  format!: OrgUnitImportFormat;

  @Field({ description: 'The whole HR export file as text.' })
  @IsString()
  @MaxLength(900_000)
  content!: string;
}
