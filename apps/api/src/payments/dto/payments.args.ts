import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PAYMENT_STATUSES } from '@sus/domain';
import { PaymentStatus } from '../models/payment.model';

@ArgsType()
export class PaymentsArgs {
  @Field({ description: 'IPA code of the creditor ente.' })
  @IsString()
  @MaxLength(30)
  enteCode!: string;

  @Field(() => PaymentStatus, { nullable: true })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: string | null;

  @Field(() => String, { nullable: true, description: "Only this payer's payments." })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  payerFiscalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Due on or after (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Due on or before (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueTo?: string | null;

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
