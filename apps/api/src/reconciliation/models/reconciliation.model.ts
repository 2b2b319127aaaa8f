import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

// Money is integer cents; sums are Float, which carries integers exactly up to 2^53 (Int stops at
// 2^31 cents, 21 million euro: one comune's TARI).
import { ANOMALY_KINDS } from '@sus/catalog';
import { PaymentAdoption } from '../../services/models/payment-adoption.model';

export const ReconciliationAnomalyKind = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, kind])) as {
  [K in (typeof ANOMALY_KINDS)[number]]: K;
};
registerEnumType(ReconciliationAnomalyKind, {
  name: 'ReconciliationAnomalyKind',
  description: 'What does not reconcile.',
  valuesMap: {
    paymentWithoutFlow: { description: 'A paid transfer no settlement flow reports (past the PSP’s D+2).' },
    flowWithoutCashMovement: {
      description: "A settlement flow whose money is not in the treasurer's cash journal.",
    },
    cashMovementWithoutFlow: {
      description: 'A cash movement naming a settlement flow that was not imported.',
    },
    amountMismatch: { description: 'A flow line, SCT or single transfer for another amount than expected.' },
    unknownIuv: { description: 'A flow line or single transfer for an IUV no notice of the ente has.' },
    duplicate: { description: 'A transfer reported twice (paid twice?), or a flow or IUV credited twice.' },
  },
});

export const SettlementFlowImportOutcome = {
  imported: 'imported',
  alreadyImported: 'alreadyImported',
} as const;
registerEnumType(SettlementFlowImportOutcome, {
  name: 'SettlementFlowImportOutcome',
  valuesMap: {
    alreadyImported: { description: 'The same flow and revision was imported before: nothing changed.' },
  },
});

@ObjectType({ description: 'What a reconciliation run matched and found.' })
export class ReconciliationRun {
  @Field(() => Int, { description: 'Transfers a flow line reported in this run.' })
  reported!: number;
  @Field(() => Int, { description: 'Transfers a cash movement reconciled in this run.' })
  reconciled!: number;
  @Field(() => Int)
  openAnomalies!: number;
  @Field(() => Int)
  newAnomalies!: number;
  @Field(() => Int)
  resolvedAnomalies!: number;
}

@ObjectType()
export class SettlementFlowImport {
  @Field({ description: 'identificativoFlusso.' })
  flowId!: string;
  @Field(() => Int)
  revision!: number;
  @Field(() => Int)
  lines!: number;
  @Field(() => Float)
  totalCents!: number;
  @Field(() => SettlementFlowImportOutcome)
  outcome!: keyof typeof SettlementFlowImportOutcome;
  @Field(() => ReconciliationRun)
  run!: ReconciliationRun;
}

@ObjectType()
export class CashJournalImport {
  @Field(() => Int)
  movements!: number;
  @Field(() => Int, { description: 'Movements already imported with an earlier (or overlapping) journal.' })
  alreadyImported!: number;
  @Field(() => Int, { description: 'Movements naming a pagoPA flow or payment; the rest is other income.' })
  pagopaMovements!: number;
  @Field(() => ReconciliationRun)
  run!: ReconciliationRun;
}

@ObjectType({ description: 'Something that does not reconcile, open until a later run no longer finds it.' })
export class ReconciliationAnomaly {
  @Field(() => ID)
  id!: string;
  @Field(() => ReconciliationAnomalyKind)
  kind!: string;
  @Field(() => String, { nullable: true })
  iuv!: string | null;
  @Field(() => String, { nullable: true })
  noticeNumber!: string | null;
  @Field(() => Int, { nullable: true })
  transferIndex!: number | null;
  @Field(() => String, { nullable: true })
  flowId!: string | null;
  @Field(() => Float, { nullable: true })
  expectedCents!: number | null;
  @Field(() => Float, { nullable: true })
  actualCents!: number | null;
  @Field({ description: 'What to look at, in English.' })
  detail!: string;
  @Field()
  detectedAt!: Date;
  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;
}

@ObjectType()
export class AnomalyCount {
  @Field(() => ReconciliationAnomalyKind)
  kind!: string;
  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Money per service and accounting reference (capitolo), for the ragioneria.' })
export class ReconciliationTotal {
  @Field(() => String, { nullable: true })
  serviceCode!: string | null;
  @Field(() => String, { nullable: true })
  accountingReference!: string | null;
  @Field(() => Int)
  transfers!: number;
  @Field(() => Float, { description: 'Paid (receipt recorded).' })
  receivedCents!: number;
  @Field(() => Float, { description: 'Reported by a settlement flow.' })
  reportedCents!: number;
  @Field(() => Float, { description: "Found in the treasurer's cash journal." })
  reconciledCents!: number;
}

@ObjectType()
export class SettlementFlowSummary {
  @Field()
  flowId!: string;
  @Field(() => Int)
  revision!: number;
  @Field()
  pspId!: string;
  @Field({ description: 'YYYY-MM-DD.' })
  regulationDate!: string;
  @Field(() => Int)
  lines!: number;
  @Field(() => Float)
  totalCents!: number;
  @Field({ description: "Whether the treasurer's cash journal shows its money." })
  cashMatched!: boolean;
}

@ObjectType({ description: 'Transfers paid in a period: received → reported → reconciled, with totals.' })
export class ReconciliationReport {
  @Field()
  enteCode!: string;
  @Field()
  from!: string;
  @Field()
  to!: string;
  @Field(() => Int, { description: 'Transfers of the options paid in the period.' })
  received!: number;
  @Field(() => Int)
  reported!: number;
  @Field(() => Int)
  reconciled!: number;
  @Field(() => [ReconciliationTotal])
  totals!: ReconciliationTotal[];
  @Field(() => [SettlementFlowSummary], { description: 'Flows regulated in the period.' })
  flows!: SettlementFlowSummary[];
  @Field(() => [AnomalyCount], { description: 'Open anomalies of the ente, whatever their date.' })
  openAnomalies!: AnomalyCount[];
}

@ObjectType()
export class NoticeStatistics {
  @Field({ description: 'YYYY-MM of issue (Europe/Rome).' })
  month!: string;
  @Field(() => String, { nullable: true })
  serviceCode!: string | null;
  @Field(() => Int)
  issued!: number;
  @Field(() => Int)
  paid!: number;
  @Field(() => Int)
  expired!: number;
  @Field(() => Float)
  issuedCents!: number;
  @Field(() => Float)
  paidCents!: number;
}

@ObjectType({ description: 'Payments monitoring for an ente, or for a region and every ente in it.' })
export class PaymentStatistics {
  @Field()
  enteCode!: string;
  @Field()
  from!: string;
  @Field()
  to!: string;
  @Field(() => [PaymentAdoption], { description: 'Against the 70% pagoPA and 10-service App IO targets.' })
  adoption!: PaymentAdoption[];
  @Field(() => [NoticeStatistics])
  notices!: NoticeStatistics[];
  @Field(() => [AnomalyCount])
  openAnomalies!: AnomalyCount[];
}
