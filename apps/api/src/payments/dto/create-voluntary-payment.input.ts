import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { PayerInput } from './issue-payment.input';

export enum VoluntaryPaymentMode {
  payNow = 'payNow',
  payLater = 'payLater',
}
registerEnumType(VoluntaryPaymentMode, {
  name: 'VoluntaryPaymentMode',
  description:
    "'payNow': straight to pagoPA Checkout; 'payLater': an avviso to pay on line or at a physical point.",
});

@InputType({ description: 'A payment the citizen starts (pagamento spontaneo) for a voluntary service.' })
export class CreateVoluntaryPaymentInput {
  @Field({ description: 'IPA code of the ente, e.g. c_l424.' })
  @IsString()
  enteCode!: string;

  @Field({ description: 'Code of one of its voluntary services.' })
  @IsString()
  @Length(1, 60)
  serviceCode!: string;

  @Field(() => PayerInput)
  @ValidateNested()
  @Type(() => PayerInput)
  payer!: PayerInput;

  @Field(() => Int, {
    nullable: true,
    description: 'Euro cents; required unless the service has one fixed fee.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  amountCents?: number;

  @Field({ description: 'Causale: what the payment is for, as the service hints (max 140 characters).' })
  @IsString()
  @Length(1, 140)
  causale!: string;

  @Field(() => VoluntaryPaymentMode)
  @IsEnum(VoluntaryPaymentMode)
  mode!: VoluntaryPaymentMode;

  @Field({ nullable: true, description: 'Your id for this request: repeating it returns the same payment.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  requestId?: string;
}
