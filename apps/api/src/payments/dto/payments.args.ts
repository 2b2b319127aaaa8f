import { ArgsType, Field } from '@nestjs/graphql';
import { PageArgs } from '../../pagination/page-info.model';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PAYMENT_STATUSES } from '@sus/domain';
import { PaymentStatus } from '../models/payment.model';

@ArgsType()
export class PaymentsArgs extends PageArgs {
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
}
