import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** The api refuses bodies over 1 MiB: a file passed as text stays below it; bigger ones use the upload route. */
export const MAX_INLINE_BULK_CHARACTERS = 900_000;

@ArgsType()
export class StartBulkIssuanceArgs {
  @Field({ description: 'IPA code of the ente whose notices are issued.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A job uploaded through POST /payments/bulk-jobs (files of any size up to the limit).',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @Field({
    nullable: true,
    description:
      'Or the file itself as CSV text, at most 900,000 characters: header `position_id,payer_type,' +
      'payer_fiscal_code,payer_name,payer_email,description,taxonomy_code,accounting_ref,instalment_number,' +
      'amount,due_date` then up to five `transfer_<n>_iban,transfer_<n>_amount,transfer_<n>_accounting_ref`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_INLINE_BULK_CHARACTERS)
  csv?: string;

  @Field({ nullable: true, description: 'The name of the inline file, for the job list.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

@ArgsType()
export class BulkJobArgs {
  @Field(() => ID)
  @IsString()
  @MaxLength(64)
  id!: string;
}

@ArgsType()
export class BulkJobsArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => Int, { defaultValue: 50, description: 'Newest first, at most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first!: number;
}

@ArgsType()
export class BulkJobErrorsArgs extends BulkJobArgs {
  @Field(() => Int, { defaultValue: 0, description: 'The last line already read (0: from the start).' })
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  afterLine!: number;

  @Field(() => Int, { defaultValue: 500, description: 'At most 5,000 lines per page.' })
  @IsInt()
  @Min(1)
  @Max(5_000)
  first!: number;
}
