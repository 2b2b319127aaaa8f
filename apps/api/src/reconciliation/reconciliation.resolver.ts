import { Readable } from 'node:stream';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PaymentStatisticsService, ReconciliationService, type RequestContext } from '@sus/catalog';
import { permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import {
  EnteReconciliationArgs,
  ImportCashJournalArgs,
  ImportSettlementFlowArgs,
  ReconciliationAnomaliesArgs,
  ReconciliationPeriodArgs,
} from './dto/reconciliation.args';
import {
  CashJournalImport,
  PaymentStatistics,
  ReconciliationAnomaly,
  ReconciliationReport,
  ReconciliationRun,
  SettlementFlowImport,
} from './models/reconciliation.model';

/**
 * Reconciliation and payments monitoring (issue 19): thin, the catalog's services check the
 * permission again (second wall) and own every rule.
 */
@Resolver()
export class ReconciliationResolver {
  constructor(
    private readonly reconciliations: ReconciliationService,
    private readonly statistics: PaymentStatisticsService,
  ) {}

  @Mutation(() => SettlementFlowImport, {
    description:
      'Imports a settlement flow (FdR XML) of the ente and reconciles: its lines report the transfers they name. ' +
      'The same flow and revision again changes nothing; a flow whose count or total does not add up is refused whole.',
  })
  @Allow(permitted('reconciliation:write', { ente: 'enteCode' }))
  importSettlementFlow(@Ctx() ctx: RequestContext, @Args() args: ImportSettlementFlowArgs) {
    return this.reconciliations.importSettlementFlowXml(ctx, args.enteCode, Readable.from([args.xml]));
  }

  @Mutation(() => CashJournalImport, {
    description:
      "Imports the treasurer's cash journal and reconciles: /PUR/LGPE-RIVERSAMENTO/URI/<flow> movements credit " +
      'flows, /RFS/ and /RFB/ movements single payments. Movements already imported are not added again; a journal ' +
      'with a bad line is refused whole, with every bad line in extensions.details.errors.',
  })
  @Allow(permitted('reconciliation:write', { ente: 'enteCode' }))
  importCashJournal(@Ctx() ctx: RequestContext, @Args() args: ImportCashJournalArgs) {
    return this.reconciliations.importCashJournal(ctx, args.enteCode, Readable.from([args.csv]), {
      ...(args.name ? { name: args.name } : {}),
    });
  }

  @Mutation(() => ReconciliationRun, {
    description: 'Runs the reconciliation again (after a fix: a receipt recorded, a notice corrected).',
  })
  @Allow(permitted('reconciliation:write', { ente: 'enteCode' }))
  runReconciliation(@Ctx() ctx: RequestContext, @Args() args: EnteReconciliationArgs) {
    return this.reconciliations.run(ctx, args.enteCode);
  }

  @Query(() => ReconciliationReport, {
    description:
      'Transfers of the options paid in the period by state (received, reported, reconciled), totals per service ' +
      'and accounting reference, the flows regulated in the period and the open anomalies.',
  })
  @Allow(permitted('reconciliation:read', { ente: 'enteCode' }))
  reconciliation(@Ctx() ctx: RequestContext, @Args() args: ReconciliationPeriodArgs) {
    return this.reconciliations.report(ctx, args.enteCode, args.from, args.to);
  }

  @Query(() => [ReconciliationAnomaly], { description: 'The open anomalies of the ente, newest first.' })
  @Allow(permitted('reconciliation:read', { ente: 'enteCode' }))
  reconciliationAnomalies(@Ctx() ctx: RequestContext, @Args() args: ReconciliationAnomaliesArgs) {
    return this.reconciliations.anomalies(ctx, args.enteCode, args);
  }

  @Query(() => PaymentStatistics, {
    description:
      "Payments monitoring: the ente's services against the pagoPA and App IO targets, notices issued, paid and " +
      'expired by month and service, open reconciliation anomalies. For a region: the region and every ente in it.',
  })
  @Allow(permitted('reconciliation:read', { ente: 'enteCode' }), permitted('monitoring:read'))
  paymentStatistics(@Ctx() ctx: RequestContext, @Args() args: ReconciliationPeriodArgs) {
    return this.statistics.statistics(ctx, args.enteCode, args.from, args.to);
  }
}
