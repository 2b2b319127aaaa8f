import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../pagination/page-info.model';
import type { PaymentOptionView } from '@sus/catalog';
import { PAYMENT_STATUSES } from '@sus/domain';

export const PaymentStatus = Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, s])) as {
  [K in (typeof PAYMENT_STATUSES)[number]]: K;
};
registerEnumType(PaymentStatus, { name: 'PaymentStatus', description: 'Lifecycle of a pagoPA payment.' });

@ObjectType()
export class PaymentStep {
  @Field(() => PaymentStatus)
  status!: string;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true })
  detail!: string | null;
}

@ObjectType({ description: 'The receipt (ricevuta telematica) that marked the payment paid.' })
export class PaymentReceipt {
  @Field()
  receiptId!: string;

  @Field()
  paymentDate!: string;

  @Field(() => Int)
  amountCents!: number;

  @Field(() => String, { nullable: true })
  pspName?: string;
}

export const PaymentOptionKind = { single: 'single', instalment: 'instalment' } as const satisfies {
  [K in PaymentOptionView['kind']]: K;
};
export type PaymentOptionKind = PaymentOptionView['kind'];
registerEnumType(PaymentOptionKind, {
  name: 'PaymentOptionKind',
  description: 'Whether a notice number of a payment is the single payment or an instalment.',
  valuesMap: {
    single: { description: 'Rata unica: the whole amount at once.' },
    instalment: { description: 'Rata: one instalment of a plan.' },
  },
});

@ObjectType({ description: 'One notice number of a payment: the single payment or an instalment.' })
export class PaymentOption {
  @Field()
  noticeNumber!: string;

  @Field()
  formattedNoticeNumber!: string;

  @Field(() => PaymentOptionKind)
  kind!: PaymentOptionKind;

  @Field(() => Int, { description: '0 for the single payment, 1… for instalments.' })
  position!: number;

  @Field(() => Int)
  amountCents!: number;

  @Field()
  amount!: string;

  @Field()
  dueDate!: string;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;
}

@ObjectType({ description: 'A pagoPA payment notice (avviso) and where it stands.' })
export class Payment {
  @Field({ description: '18-digit notice number (codice avviso).' })
  noticeNumber!: string;

  @Field({ description: 'As printed on the avviso, in groups of four.' })
  formattedNoticeNumber!: string;

  @Field()
  iuv!: string;

  @Field({ description: 'Fiscal code of the creditor ente.' })
  orgFiscalCode!: string;

  @Field(() => PaymentStatus)
  status!: string;

  @Field(() => Int)
  amountCents!: number;

  @Field({ description: "Amount in Italian notation, e.g. '€ 150,50'." })
  amount!: string;

  @Field()
  description!: string;

  @Field({ description: 'YYYY-MM-DD, Europe/Rome.' })
  dueDate!: string;

  @Field()
  payerName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Link to the avviso PDF while the notice can be paid; valid for a limited time.',
  })
  noticePdfUrl!: string | null;

  @Field(() => PaymentReceipt, { nullable: true })
  receipt?: PaymentReceipt | null;
}

export const PaymentConnection = Connection(Payment, 'Payment', 'A page of payments, newest first.');
export type PaymentConnection = InstanceType<typeof PaymentConnection>;
