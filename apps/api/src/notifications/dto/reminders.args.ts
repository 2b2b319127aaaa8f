import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The api refuses bodies over 1 MiB; a bigger register is imported in several files (idempotent by card). */
export const MAX_EXTRACT_CHARACTERS = 900_000;

@ArgsType()
export class ImportIdentityDocumentsArgs {
  @Field({ description: 'IPA code of the ente whose register the extract comes from.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field({
    description:
      'The CSV extract as text (header `fiscal_code,document_number,expiry_date,email`, "," or ";", dates ' +
      'YYYY-MM-DD or dd/mm/yyyy), at most 900,000 characters: split a bigger register into several imports.',
  })
  @IsString()
  @MaxLength(MAX_EXTRACT_CHARACTERS)
  csv!: string;
}

@ArgsType()
export class EnteRemindersArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;
}

@ArgsType()
export class PauseRemindersArgs extends EnteRemindersArgs {
  @Field(() => String, { nullable: true, description: 'Why, for colleagues and the audit log.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}
