import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  PaymentRepository,
  type PaymentOptionView,
  type PaymentView,
  type RequestContext,
} from '@sus/catalog';
import { can, formatNoticeNumber, isPayableStatus, Money, type PaymentStatus } from '@sus/domain';
import DataLoader from 'dataloader';
import { authenticated, citizen, permitted, permittedSomewhere } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { perRequest } from '../loading/per-request';
import { groupedBy } from '../loading/rows-by-key';
import { PageArgs, pageInfoOf } from '../pagination/page-info.model';
import { Ctx, type GraphqlContext } from '../request-context/request-context';
import { IssuePaymentInput } from './dto/issue-payment.input';
import { PaymentsArgs } from './dto/payments.args';
import { Payment, PaymentConnection, PaymentOption, PaymentStep } from './models/payment.model';
import { NoticeLinks } from './notice-links';
import { PaymentsService } from './payments.service';

function toModel(view: PaymentView, links: NoticeLinks): Payment {
  const receipt = view.receipt as
    { receiptId: string; paymentDate: string; amountCents: number; pspName?: string } | undefined;
  return {
    noticeNumber: view.noticeNumber,
    formattedNoticeNumber: formatNoticeNumber(view.noticeNumber),
    iuv: view.iuv,
    orgFiscalCode: view.orgFiscalCode,
    status: view.status,
    amountCents: view.amountCents,
    amount: Money.fromCents(view.amountCents).format(),
    description: view.description,
    dueDate: view.dueDate,
    payerName: view.payerName,
    receipt: receipt ?? null,
    noticePdfUrl: isPayableStatus(view.status as PaymentStatus) ? links.urlFor(view.noticeNumber) : null,
  };
}

/**
 * A payment (with its payer's name) is visible to whoever holds payments:read in its ente
 * (operators, the ente's administrator, the regional administrator, a key with payments:read) and
 * to the citizen who is its payer; to anyone else (a modeller, a template editor) it does not exist.
 */
function mayRead(ctx: RequestContext, view: PaymentView): boolean {
  const actor = ctx.actor;
  if (actor.kind === 'citizen') return view.payerFiscalCode === actor.fiscalCode;
  return can(actor, 'payments:read', view.enteCode);
}

@Resolver(() => Payment)
export class PaymentsResolver {
  constructor(
    private readonly service: PaymentsService,
    private readonly repository: PaymentRepository,
    private readonly links: NoticeLinks,
  ) {}

  /** Per-request loaders, so a page of payments costs one statement for histories and one for options. */
  private loaders(gql: GraphqlContext) {
    return perRequest(gql, this, () => ({
      history: new DataLoader<string, PaymentStep[]>(async (noticeNumbers) =>
        groupedBy(
          noticeNumbers,
          await this.repository.historyOf(noticeNumbers),
          (step) => step.noticeNumber,
        ).map((steps) =>
          steps.map((step) => ({ status: step.status, at: new Date(step.at), detail: step.detail })),
        ),
      ),
      options: new DataLoader<string, PaymentOptionView[]>(async (noticeNumbers) =>
        groupedBy(
          noticeNumbers,
          await this.repository.optionsOf(noticeNumbers),
          (o) => o.paymentNoticeNumber,
        ),
      ),
    }));
  }

  @Query(() => Payment, { nullable: true, description: 'A payment by its notice number (spaces allowed).' })
  @Allow(authenticated)
  async payment(
    @Ctx() ctx: RequestContext,
    @Args('noticeNumber') noticeNumber: string,
  ): Promise<Payment | null> {
    const view = await this.service.find(ctx, noticeNumber);
    return view && mayRead(ctx, view) ? toModel(view, this.links) : null;
  }

  @Query(() => PaymentConnection, {
    description: "The signed-in citizen's own payments, at every ente, newest first.",
  })
  @Allow(citizen)
  async myPayments(@Ctx() ctx: RequestContext, @Args() page: PageArgs): Promise<PaymentConnection> {
    if (ctx.actor.kind !== 'citizen')
      return { edges: [], pageInfo: pageInfoOf({ items: [], hasNextPage: false, hasPreviousPage: false }) };
    const found = await this.repository.list(
      { payerFiscalCode: ctx.actor.fiscalCode },
      { first: page.first, after: page.after ?? null },
    );
    return {
      edges: found.items.map((item) => ({ cursor: item.cursor, node: toModel(item.node, this.links) })),
      pageInfo: pageInfoOf(found),
    };
  }

  @Query(() => PaymentConnection, { description: "An ente's payments, newest first, with filters." })
  @Allow(permitted('payments:read', { ente: 'enteCode' }))
  async payments(@Ctx() ctx: RequestContext, @Args() args: PaymentsArgs): Promise<PaymentConnection> {
    const page = await this.service.list(ctx, args);
    return {
      edges: page.items.map((item) => ({ cursor: item.cursor, node: toModel(item.node, this.links) })),
      pageInfo: pageInfoOf(page),
    };
  }

  @ResolveField(() => [PaymentStep], { description: 'Every status the payment went through, oldest first.' })
  history(@Parent() payment: Payment, @Context() gql: GraphqlContext): Promise<PaymentStep[]> {
    return this.loaders(gql).history.load(payment.noticeNumber);
  }

  @ResolveField(() => [PaymentOption], {
    description: 'The notice numbers of the payment: the single payment, then any instalments.',
  })
  async options(@Parent() payment: Payment, @Context() gql: GraphqlContext): Promise<PaymentOption[]> {
    return (await this.loaders(gql).options.load(payment.noticeNumber)).map((option) => ({
      noticeNumber: option.noticeNumber,
      formattedNoticeNumber: formatNoticeNumber(option.noticeNumber),
      kind: option.kind,
      position: option.position,
      amountCents: option.amountCents,
      amount: Money.fromCents(option.amountCents).format(),
      dueDate: option.dueDate,
      paidAt: option.paidAt ? new Date(option.paidAt) : null,
    }));
  }

  @Mutation(() => String, {
    description:
      'Issues one avviso and returns its notice number; the payment then follows its own workflow.',
  })
  @Allow(permitted('payments:write', { ente: 'input.enteCode' }))
  async issuePayment(@Ctx() ctx: RequestContext, @Args('input') input: IssuePaymentInput): Promise<string> {
    return (await this.service.issue(ctx, input)).noticeNumber;
  }

  @Mutation(() => Boolean, { description: 'Withdraws an unpaid notice; it can no longer be paid.' })
  // The ente is the payment's: PaymentsService.cancel checks payments:write there.
  @Allow(permittedSomewhere('payments:write'))
  async cancelPayment(
    @Ctx() ctx: RequestContext,
    @Args('noticeNumber') noticeNumber: string,
    @Args('reason') reason: string,
  ): Promise<boolean> {
    await this.service.cancel(ctx, noticeNumber, reason);
    return true;
  }
}
