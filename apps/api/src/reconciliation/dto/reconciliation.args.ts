import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ANOMALY_KINDS, type AnomalyKind } from '@sus/catalog';
import { ReconciliationAnomalyKind } from '../models/reconciliation.model';

/** The api refuses bodies over 1 MiB: a file passed as text stays below it. */
export const MAX_RECONCILIATION_FILE_CHARACTERS = 900_000;
const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;

@ArgsType()
export class EnteReconciliationArgs {
  @Field({ description: 'IPA code of the ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;
}

@ArgsType()
export class ImportSettlementFlowArgs extends EnteReconciliationArgs {
  @Field({
    description:
      'The FlussoRiversamento XML (FlussoRiversamento_1_0_4.xsd) as text, at most 900,000 characters; bigger ' +
      'flows are imported by the daily pull from the FdR API.',
  })
  @IsString()
  @MaxLength(MAX_RECONCILIATION_FILE_CHARACTERS)
  xml!: string;
}

@ArgsType()
export class ImportCashJournalArgs extends EnteReconciliationArgs {
  @Field({
    description:
      "The treasurer's cash journal as CSV text: header `value_date,amount,causale` (',' or ';'), amounts " +
      'as 1234,56 or 1234.56, dates YYYY-MM-DD or dd/mm/yyyy; at most 900,000 characters.',
  })
  @IsString()
  @MaxLength(MAX_RECONCILIATION_FILE_CHARACTERS)
  csv!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A name for the journal (e.g. its file name), for the audit log.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;
}

@ArgsType()
export class ReconciliationPeriodArgs extends EnteReconciliationArgs {
  @Field({ description: 'First day (YYYY-MM-DD, Europe/Rome), inclusive.' })
  @Matches(CIVIL_DATE, { message: 'from: a date is YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last day (YYYY-MM-DD, Europe/Rome), inclusive.' })
  @Matches(CIVIL_DATE, { message: 'to: a date is YYYY-MM-DD.' })
  to!: string;
}

@ArgsType()
export class ReconciliationAnomaliesArgs extends EnteReconciliationArgs {
  @Field(() => ReconciliationAnomalyKind, { nullable: true })
  @IsOptional()
  @IsIn(ANOMALY_KINDS)
  kind?: AnomalyKind | null;

  @Field(() => Boolean, { nullable: true, description: 'Also the anomalies a later run found resolved.' })
  @IsOptional()
  @IsBoolean()
  includeResolved?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'At most this many (default 100, at most 1000).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  first?: number | null;
}
