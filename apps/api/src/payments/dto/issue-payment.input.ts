import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export enum PaymentOnDue {
  expire = 'expire',
  invalidate = 'invalidate',
}
registerEnumType(PaymentOnDue, {
  name: 'PaymentOnDue',
  description:
    "After the due date: 'expire' still accepts a late payment, 'invalidate' withdraws the notice.",
});

/** pagoPA's tipo identificativo univoco of the payer, as the GPD and the receipts spell it. */
export const PayerType = { F: 'F', G: 'G' } as const;
export type PayerType = (typeof PayerType)[keyof typeof PayerType];
registerEnumType(PayerType, {
  name: 'PayerType',
  description:
    'Whether the payer is a natural person or a legal entity (pagoPA tipo identificativo univoco).',
  valuesMap: {
    F: { description: 'Persona fisica: a natural person, with a 16-character codice fiscale.' },
    G: { description: 'Persona giuridica: a legal entity, with an 11-digit fiscal code / partita IVA.' },
  },
});

@InputType()
export class PayerInput {
  @Field(() => PayerType)
  @IsIn(Object.values(PayerType))
  type!: PayerType;

  @Field({ description: 'Codice fiscale (16 characters) or 11-digit fiscal code / partita IVA.' })
  @IsString()
  @Length(11, 16)
  fiscalCode!: string;

  @Field()
  @IsString()
  @Length(1, 70)
  fullName!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string;
}

@InputType({ description: 'One instalment (rata) of a plan.' })
export class InstalmentInput {
  @Field(() => Int, { description: 'Euro cents, 1 or more.' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  amountCents!: number;

  @Field({ description: 'YYYY-MM-DD (Europe/Rome).' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate!: string;
}

@InputType({ description: 'One ente-issued avviso (the "bollettatore" for a single notice).' })
export class IssuePaymentInput {
  @Field({ description: 'IPA code of the creditor ente, e.g. c_l424.' })
  @IsString()
  enteCode!: string;

  @Field(() => PayerInput)
  @ValidateNested()
  @Type(() => PayerInput)
  payer!: PayerInput;

  @Field(() => Int, { description: 'Euro cents, 1 or more.' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  amountCents!: number;

  @Field({ description: 'Causale shown to the payer (max 140 characters).' })
  @IsString()
  @Length(1, 140)
  description!: string;

  @Field({ description: 'YYYY-MM-DD (Europe/Rome), today or later.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate!: string;

  @Field({ description: "pagoPA taxonomy code of the collection service, e.g. '9/0104102TS/'." })
  @IsString()
  @MaxLength(40)
  taxonomyCode!: string;

  @Field({
    nullable: true,
    description:
      "The ente's service the payment is for: when it has an App IO service, the payer (a person) gets the notice and, once paid, a confirmation on App IO.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string;

  @Field(() => PaymentOnDue, { defaultValue: PaymentOnDue.expire })
  @IsIn(Object.values(PaymentOnDue))
  onDue: PaymentOnDue = PaymentOnDue.expire;

  @Field(() => [InstalmentInput], {
    nullable: true,
    description:
      'An instalment plan beside the single payment (e.g. TARI in 3 rate): 2 to 12 instalments adding up to amountCents.',
  })
  @IsOptional()
  @ArrayMinSize(2)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => InstalmentInput)
  instalments?: InstalmentInput[];

  @Field({
    nullable: true,
    description: 'Your id for this request: repeating it returns the same notice instead of a second one.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  requestId?: string;
}
